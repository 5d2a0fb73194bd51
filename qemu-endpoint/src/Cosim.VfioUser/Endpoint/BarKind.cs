namespace Cosim.VfioUser;

/// <summary>What a BAR slot (or the Expansion ROM BAR) decodes, as found by sizing it.</summary>
internal enum BarKind : byte
{
    /// <summary>Not implemented (reads back 0 after the all-ones write).</summary>
    None,

    /// <summary>32-bit memory BAR.</summary>
    Memory32,

    /// <summary>Lower half of a 64-bit memory BAR.</summary>
    Memory64,

    /// <summary>Upper half of the 64-bit BAR in the slot below: region size 0.</summary>
    Memory64Upper,

    /// <summary>I/O BAR: accessed with IORd/IOWr.</summary>
    Io,

    /// <summary>The Expansion ROM BAR.</summary>
    ExpansionRom,
}

/// <summary>One BAR as sized at connection start, and the address the guest programmed last.</summary>
internal struct BarState
{
    public BarKind Kind;
    public ulong Size;
    public bool Prefetchable;

    /// <summary>The base address the BAR holds now (type bits stripped), from the shadow re-read after config writes.</summary>
    public ulong Address;

    public readonly bool IsAccessible => (Kind is BarKind.Memory32 or BarKind.Memory64 or BarKind.Io or BarKind.ExpansionRom) && Size != 0;
}
