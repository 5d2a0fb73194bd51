namespace Cosim.Tlp.Link;

/// <summary>
/// One side's proposal for the handshake: what it offers in Hello (client) or accepts into HelloAck (server).
/// Bad values fail at construction of the handshake and name the option.
/// </summary>
public sealed record LinkOptions
{
    /// <summary>Lowest idle timeout a side may declare (keep-alives then go every 333 ms).</summary>
    public static readonly TimeSpan MinimumIdleTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Features this side offers or accepts.</summary>
    public LinkFeatures Features { get; init; } = LinkFeatures.None;

    /// <summary>The largest frame body this side accepts (8 KiB-16 MiB; default 64 KiB).</summary>
    public int MaxFrameBodyLength { get; init; } = LinkFrameHeader.DefaultMaxBodyLength;

    /// <summary>How long this side waits without receiving before it declares the link down (zero: forever; default 30 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal uint IdleTimeoutMilliseconds => (uint)IdleTimeout.TotalMilliseconds;

    internal void Validate()
    {
        if (MaxFrameBodyLength is < LinkFrameHeader.MinimumMaxBodyLength or > LinkFrameHeader.MaximumMaxBodyLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxFrameBodyLength),
                MaxFrameBodyLength,
                $"The maximum frame body is {LinkFrameHeader.MinimumMaxBodyLength}-{LinkFrameHeader.MaximumMaxBodyLength} bytes.");
        }

        bool idleValid = IdleTimeout == TimeSpan.Zero
            || (IdleTimeout >= MinimumIdleTimeout && IdleTimeout.TotalMilliseconds <= uint.MaxValue);
        if (!idleValid)
        {
            throw new ArgumentOutOfRangeException(
                nameof(IdleTimeout),
                IdleTimeout,
                "The idle timeout is zero (none) or at least one second, at most 2^32-1 ms.");
        }
    }
}
