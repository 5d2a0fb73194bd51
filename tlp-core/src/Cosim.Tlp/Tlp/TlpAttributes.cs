namespace Cosim.Tlp;

/// <summary>
/// Attr[2:0] (PCIe Base 6.0 §2.2.6.3-§2.2.6.5): Attr[2] is byte 1 bit 2, Attr[1:0] are byte 2 bits 5:4.
/// </summary>
[Flags]
public enum TlpAttributes : byte
{
    /// <summary>Default ordering, snooped.</summary>
    None = 0,

    /// <summary>Attr[0]: NS (No Snoop).</summary>
    NoSnoop = 0b001,

    /// <summary>Attr[1]: RO (Relaxed Ordering).</summary>
    RelaxedOrdering = 0b010,

    /// <summary>Attr[2]: IDO (ID-Based Ordering).</summary>
    IdBasedOrdering = 0b100,
}
