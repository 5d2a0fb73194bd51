namespace Cosim.Tlp.Config;

/// <summary>
/// The Command register (offset 04h; PCI Local Bus 3.0 §6.2.2, PCIe Base 6.0 §7.5.1.1.3). Bits a PCI Express
/// function hardwires to 0 are listed for completeness; <see cref="Writable"/> is what software can change.
/// </summary>
[Flags]
public enum CommandFlags : ushort
{
    /// <summary>No bit set (the reset value).</summary>
    None = 0,

    /// <summary>Bit 0: I/O Space Enable.</summary>
    IoSpaceEnable = 1 << 0,

    /// <summary>Bit 1: Memory Space Enable.</summary>
    MemorySpaceEnable = 1 << 1,

    /// <summary>Bit 2: Bus Master Enable; the function may issue memory and I/O requests (DMA, MSI).</summary>
    BusMasterEnable = 1 << 2,

    /// <summary>Bit 3: Special Cycle Enable (hardwired 0 in PCI Express).</summary>
    SpecialCycleEnable = 1 << 3,

    /// <summary>Bit 4: Memory Write and Invalidate (hardwired 0 in PCI Express).</summary>
    MemoryWriteAndInvalidate = 1 << 4,

    /// <summary>Bit 5: VGA Palette Snoop (hardwired 0 in PCI Express).</summary>
    VgaPaletteSnoop = 1 << 5,

    /// <summary>Bit 6: Parity Error Response.</summary>
    ParityErrorResponse = 1 << 6,

    /// <summary>Bit 7: IDSEL Stepping/Wait Cycle Control (hardwired 0 in PCI Express).</summary>
    IdselSteppingWaitCycleControl = 1 << 7,

    /// <summary>Bit 8: SERR# Enable.</summary>
    SerrEnable = 1 << 8,

    /// <summary>Bit 9: Fast Back-to-Back Transactions Enable (hardwired 0 in PCI Express).</summary>
    FastBackToBackTransactionsEnable = 1 << 9,

    /// <summary>Bit 10: Interrupt Disable; the function must not assert INTx.</summary>
    InterruptDisable = 1 << 10,

    /// <summary>The bits software can write: 0547h.</summary>
    Writable = IoSpaceEnable | MemorySpaceEnable | BusMasterEnable | ParityErrorResponse | SerrEnable | InterruptDisable,
}
