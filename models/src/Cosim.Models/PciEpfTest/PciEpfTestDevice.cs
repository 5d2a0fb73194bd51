using Cosim.Device;
using Cosim.Device.Registers;
using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Microsoft.Extensions.Logging;

namespace Cosim.Models.PciEpfTest;

/// <summary>
/// The Linux PCI endpoint test function (drivers/pci/endpoint/functions/pci-epf-test.c) as the stock host driver
/// drivers/misc/pci_endpoint_test.c and the kselftest tools/testing/selftests/pci_endpoint see it: TI DRA74x's IDs
/// (104c:b500, test registers in BAR0, 4 KiB buffer alignment), six 32-bit memory BARs (BAR0 registers and MSI-X,
/// BAR1-5 RAM), INTA, 32 MSI vectors and 32 MSI-X entries. Commands raise interrupts, move data by DMA with a
/// <c>crc32_le(~0)</c> checksum, arm a doorbell in BAR1 and fill BAR subranges with signatures; every command the
/// host waits for ends with STATUS_IRQ_RAISED and an interrupt, failures included.
/// </summary>
/// <remarks>Register map and behaviour: Cosim docs/pci-epf-test.md §5 ("Device spec").</remarks>
public sealed partial class PciEpfTestDevice : EndpointFunction
{
    /// <summary>PCI Vendor ID (Texas Instruments).</summary>
    public const ushort VendorId = 0x104C;

    /// <summary>PCI Device ID (DRA74x): the host driver keeps its test registers in BAR0 and aligns buffers to 4 KiB.</summary>
    public const ushort DeviceId = 0xB500;

    /// <summary>Class Code of the real endpoint (Base Class FFh: device does not fit a defined class).</summary>
    public const uint ClassCode = 0xFF_0000;

    /// <summary>The BAR of the test registers (and of the MSI-X table and PBA).</summary>
    public const int RegisterBar = 0;

    /// <summary>Size of the register BAR.</summary>
    public const int RegisterBarSize = 4096;

    /// <summary>Size of each RAM BAR (BAR1-BAR5): small, because the host's BAR tests touch every dword through MMIO.</summary>
    public const int RamBarSize = 16 * 1024;

    /// <summary>MSI vectors requested (Multiple Message Capable).</summary>
    public const int MsiVectors = 32;

    /// <summary>MSI-X table entries.</summary>
    public const int MsixTableSize = 32;

    /// <summary>The largest SIZE a READ, WRITE or COPY accepts; larger ones fail (the host's tests use up to 1 024 001).</summary>
    public const int MaxTransferSize = 32 << 20;

    /// <summary>What CAPS advertises: MSI, MSI-X, INTx, BAR subranges and the doorbell.</summary>
    public const PciEpfTestCapabilities AdvertisedCapabilities = PciEpfTestCapabilities.Msi | PciEpfTestCapabilities.Msix
        | PciEpfTestCapabilities.Intx | PciEpfTestCapabilities.SubrangeMapping | PciEpfTestCapabilities.DynamicInboundMapping;

    private const int FirstRamBar = 1;
    private const int BarCount = 6;

    private readonly RegisterMap _bar0;
    private readonly MemoryArea?[] _ram = new MemoryArea?[BarCount];
    private readonly HashSet<int> _loggedOnce = [];
    private IValueField _command = null!;
    private IValueField _status = null!;
    private IValueField _sourceAddressLow = null!;
    private IValueField _sourceAddressHigh = null!;
    private IValueField _destinationAddressLow = null!;
    private IValueField _destinationAddressHigh = null!;
    private IValueField _size = null!;
    private IValueField _checksum = null!;
    private IValueField _irqType = null!;
    private IValueField _irqNumber = null!;
    private IValueField _doorbellBar = null!;
    private IValueField _doorbellOffset = null!;
    private IValueField _doorbellData = null!;

    /// <summary>Creates the function.</summary>
    public PciEpfTestDevice(ILogger? logger = null)
        : base(new FunctionIdentity(VendorId, DeviceId, ClassCode, InterruptPin: InterruptPin.IntA), logger)
    {
        _bar0 = AddMemoryBar(RegisterBar, RegisterBarSize);
        for (int bar = FirstRamBar; bar < BarCount; bar++)
        {
            int index = bar;
            RegisterMap map = AddMemoryBar(bar, RamBarSize);
            _ram[bar] = map.DefineMemory(offset: 0, RamBarSize, $"BAR{bar} RAM").WithWriteCallback((offset, length) => OnRamWritten(index, offset, length));
        }

        AddCapability(new PowerManagementCapability());
        AddCapability(new MsiCapability(MsiVectors, is64Bit: true));
        AddCapability(new MsixCapability(MsixTableSize, RegisterBar, (uint)Registers.MsixTable, RegisterBar, (uint)Registers.MsixPendingBitArray));
        AddCapability(new PciExpressCapability(PciExpressDeviceType.Endpoint));
        DefineRegisters();
    }

    /// <summary>The last READ, WRITE or COPY started (tests await it instead of sleeping).</summary>
    internal Task LastTransfer { get; private set; } = Task.CompletedTask;

    /// <inheritdoc />
    protected override void OnReset()
    {
        _generation++;
        _transferRunning = false;
        _intxPulse = false;
        _doorbellArmed = false;
    }

    private void DefineRegisters()
    {
        Registers.Magic.Define(_bar0).WithValueField(0, 32, name: "MAGIC (scratch: the host's BAR test writes its pattern here)");
        Registers.Command.Define(_bar0)
            .WithValueField(0, 32, out _command, name: "COMMAND (cleared when the device picks it up)", onWrite: (_, value) => OnCommandWritten((uint)value));
        Registers.Status.Define(_bar0)
            .WithValueField(0, 19, out _status, name: "STATUS (PciEpfTestStatus)")
            .WithReservedBits(19, 13)
            .WithReadCallback(OnStatusRead);
        Registers.SourceAddressLow.Define(_bar0).WithValueField(0, 32, out _sourceAddressLow, name: "LOWER_SRC_ADDR");
        Registers.SourceAddressHigh.Define(_bar0).WithValueField(0, 32, out _sourceAddressHigh, name: "UPPER_SRC_ADDR");
        Registers.DestinationAddressLow.Define(_bar0).WithValueField(0, 32, out _destinationAddressLow, name: "LOWER_DST_ADDR");
        Registers.DestinationAddressHigh.Define(_bar0).WithValueField(0, 32, out _destinationAddressHigh, name: "UPPER_DST_ADDR");
        Registers.Size.Define(_bar0).WithValueField(0, 32, out _size, name: "SIZE (bytes; the BAR number for the subrange commands)");
        Registers.Checksum.Define(_bar0).WithValueField(0, 32, out _checksum, name: "CHECKSUM (crc32_le(~0, data))");
        Registers.IrqType.Define(_bar0).WithValueField(0, 32, out _irqType, name: "IRQ_TYPE (PciEpfTestIrqType)");
        Registers.IrqNumber.Define(_bar0).WithValueField(0, 32, out _irqNumber, name: "IRQ_NUMBER (1-based vector)");
        Registers.Flags.Define(_bar0)
            .WithFlag(0, name: "FLAG_USE_DMA (a hint: the model has one data mover and ignores it)")
            .WithReservedBits(1, 31);
        Registers.Capabilities.Define(_bar0, reset: (ulong)AdvertisedCapabilities)
            .WithValueField(0, 32, FieldAccess.ReadOnly, "CAPS (PciEpfTestCapabilities)");
        Registers.DoorbellBar.Define(_bar0, reset: NoDoorbellBar).WithValueField(0, 32, out _doorbellBar, FieldAccess.ReadOnly, "DB_BAR");
        Registers.DoorbellOffset.Define(_bar0).WithValueField(0, 32, out _doorbellOffset, FieldAccess.ReadOnly, "DB_OFFSET");
        Registers.DoorbellData.Define(_bar0).WithValueField(0, 32, out _doorbellData, FieldAccess.ReadOnly, "DB_DATA");
    }

    private enum Registers : long
    {
        Magic = 0x00,
        Command = 0x04,
        Status = 0x08,
        SourceAddressLow = 0x0C,
        SourceAddressHigh = 0x10,
        DestinationAddressLow = 0x14,
        DestinationAddressHigh = 0x18,
        Size = 0x1C,
        Checksum = 0x20,
        IrqType = 0x24,
        IrqNumber = 0x28,
        Flags = 0x2C,
        Capabilities = 0x30,
        DoorbellBar = 0x34,
        DoorbellOffset = 0x38,
        DoorbellData = 0x3C,

        // MSI-X table (32 entries × 16 bytes) and PBA, above the registers: the host's BAR tests touch only the first
        // dword of the register BAR, and overwrite every other BAR.
        MsixTable = 0x80,
        MsixPendingBitArray = 0x280,
    }
}
