namespace Cosim.Models.PciEpfTest;

/// <summary>CAPS register bits (read once by the 7.x host driver at probe; 6.12 ignores the register).</summary>
[Flags]
public enum PciEpfTestCapabilities : uint
{
    /// <summary>No capability.</summary>
    None = 0,

    /// <summary>CAP_UNALIGNED_ACCESS: the host may use unaligned buffers (its alignment becomes 0).</summary>
    UnalignedAccess = 1u << 0,

    /// <summary>CAP_MSI: IRQ type AUTO picks MSI.</summary>
    Msi = 1u << 1,

    /// <summary>CAP_MSIX.</summary>
    Msix = 1u << 2,

    /// <summary>CAP_INTX.</summary>
    Intx = 1u << 3,

    /// <summary>CAP_SUBRANGE_MAPPING: the BAR subrange commands are implemented.</summary>
    SubrangeMapping = 1u << 4,

    /// <summary>CAP_DYNAMIC_INBOUND_MAPPING: the doorbell commands are implemented.</summary>
    DynamicInboundMapping = 1u << 5,

    /// <summary>CAP_BAR0_RESERVED: the host skips BAR0 in its BAR tests (bits 6-11 are BAR0-BAR5).</summary>
    Bar0Reserved = 1u << 6,
}
