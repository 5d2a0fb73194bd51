namespace Cosim.Tlp.Link;

/// <summary>Frame header byte 15, Flags. A flag not defined for the frame's type is <see cref="LinkRule.ReservedFlagsSet"/>.</summary>
[Flags]
public enum LinkFrameFlags : byte
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>
    /// Bit 0, Tlps frames only: each TLP in the body is preceded by a big-endian u64 timestamp (simulation cycle
    /// or nanoseconds, as the sender documents). Allowed only when <see cref="LinkFeatures.TlpTimestamps"/> was
    /// negotiated.
    /// </summary>
    Timestamped = 0x01,
}
