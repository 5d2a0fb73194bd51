namespace Cosim.Tlp.Link;

/// <summary>
/// Optional protocol features, a u64 bitset in Hello and HelloAck. The client offers, the server accepts the
/// intersection with its own set; bits a side does not know are simply not accepted, never an error.
/// </summary>
[Flags]
public enum LinkFeatures : ulong
{
    /// <summary>No optional feature.</summary>
    None = 0,

    /// <summary>Bit 0: Tlps frames may carry <see cref="LinkFrameFlags.Timestamped"/> (a u64 per TLP).</summary>
    TlpTimestamps = 1UL << 0,
}
