namespace Cosim.Tlp.Config.Capabilities;

/// <summary>Capability IDs of the PCI-compatible area (PCI Code and ID Assignment Specification §2).</summary>
public enum CapabilityId : byte
{
    /// <summary>01h: PCI Power Management Interface.</summary>
    PowerManagement = 0x01,

    /// <summary>05h: Message Signaled Interrupts.</summary>
    Msi = 0x05,

    /// <summary>09h: Vendor Specific.</summary>
    VendorSpecific = 0x09,

    /// <summary>10h: PCI Express.</summary>
    PciExpress = 0x10,

    /// <summary>11h: MSI-X.</summary>
    Msix = 0x11,
}
