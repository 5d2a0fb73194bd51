namespace Cosim.Tlp.Link;

/// <summary>
/// What a handshake settled: the server's HelloAck values, which both sides then apply to their reader and
/// writer (<see cref="LinkFrameReader.Establish"/>, <see cref="LinkFrameWriter.Establish"/>).
/// </summary>
/// <param name="MinorVersion">The smaller of both sides' minor versions.</param>
/// <param name="Features">The features both sides offered.</param>
/// <param name="MaxFrameBodyLength">The smaller of both sides' maximum frame bodies; binds both directions.</param>
/// <param name="IdleTimeout">
/// The smaller non-zero idle timeout (zero: none). A side sends KeepAlive after a third of it without sending, and
/// declares the link down after all of it without receiving.
/// </param>
public readonly record struct LinkParameters(
    ushort MinorVersion,
    LinkFeatures Features,
    int MaxFrameBodyLength,
    TimeSpan IdleTimeout)
{
    internal void Validate()
    {
        if (MaxFrameBodyLength is < LinkFrameHeader.MinimumMaxBodyLength or > LinkFrameHeader.MaximumMaxBodyLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxFrameBodyLength),
                MaxFrameBodyLength,
                $"The maximum frame body is {LinkFrameHeader.MinimumMaxBodyLength}-{LinkFrameHeader.MaximumMaxBodyLength} bytes.");
        }
    }
}
