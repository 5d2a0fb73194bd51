namespace Cosim.Models.PciEpfTest;

/// <summary>IRQ_TYPE register values: how the device raises its interrupt (the host's AUTO, 3, never reaches it).</summary>
public enum PciEpfTestIrqType : uint
{
    /// <summary>IRQ_TYPE_INTX: a pulse on INTA (asserted until the host reads STATUS).</summary>
    Intx = 0,

    /// <summary>IRQ_TYPE_MSI: MSI vector IRQ_NUMBER − 1.</summary>
    Msi = 1,

    /// <summary>IRQ_TYPE_MSIX: MSI-X table entry IRQ_NUMBER − 1.</summary>
    Msix = 2,
}
