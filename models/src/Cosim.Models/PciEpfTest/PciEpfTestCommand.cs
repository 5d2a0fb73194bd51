namespace Cosim.Models.PciEpfTest;

/// <summary>
/// COMMAND register values (one bit each; the device matches the exact value). The names are from the device's
/// point of view: the host driver's "write test" (PCITEST_WRITE) sends <see cref="Read"/>, its "read test" sends
/// <see cref="Write"/>.
/// </summary>
public enum PciEpfTestCommand : uint
{
    /// <summary>COMMAND_RAISE_INTX_IRQ: raise the interrupt IRQ_TYPE names.</summary>
    RaiseIntx = 1u << 0,

    /// <summary>COMMAND_RAISE_MSI_IRQ: raise the interrupt IRQ_TYPE names (MSI vector IRQ_NUMBER − 1).</summary>
    RaiseMsi = 1u << 1,

    /// <summary>COMMAND_RAISE_MSIX_IRQ: raise the interrupt IRQ_TYPE names (MSI-X entry IRQ_NUMBER − 1).</summary>
    RaiseMsix = 1u << 2,

    /// <summary>COMMAND_READ: DMA-read SIZE bytes at SRC_ADDR and compare their checksum with CHECKSUM.</summary>
    Read = 1u << 3,

    /// <summary>COMMAND_WRITE: DMA-write SIZE random bytes to DST_ADDR; their checksum goes to CHECKSUM.</summary>
    Write = 1u << 4,

    /// <summary>COMMAND_COPY: DMA SIZE bytes from SRC_ADDR to DST_ADDR.</summary>
    Copy = 1u << 5,

    /// <summary>COMMAND_ENABLE_DOORBELL: publish DB_BAR, DB_OFFSET and DB_DATA and arm the doorbell.</summary>
    EnableDoorbell = 1u << 6,

    /// <summary>COMMAND_DISABLE_DOORBELL: disarm the doorbell.</summary>
    DisableDoorbell = 1u << 7,

    /// <summary>COMMAND_BAR_SUBRANGE_SETUP: fill the two halves of BAR SIZE with their signature bytes.</summary>
    BarSubrangeSetup = 1u << 8,

    /// <summary>COMMAND_BAR_SUBRANGE_CLEAR: end the subrange test of BAR SIZE.</summary>
    BarSubrangeClear = 1u << 9,
}
