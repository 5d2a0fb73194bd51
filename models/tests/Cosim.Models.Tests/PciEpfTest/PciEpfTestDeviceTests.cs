using System.Buffers.Binary;
using Cosim.Models.PciEpfTest;
using Cosim.Tlp;

namespace Cosim.Models.Tests.PciEpfTest;

/// <summary>
/// pci-epf-test through TLPs, in the order the host driver (drivers/misc/pci_endpoint_test.c, 7.3) programs it:
/// data registers first, COMMAND last, then a wait for the interrupt whose handler reads STATUS.
/// </summary>
public sealed partial class PciEpfTestDeviceTests
{
    private const ulong Bar0 = 0xFE00_0000;
    private const ulong RamBarsBase = 0xFE10_0000;
    private const ulong RamBarStride = 0x1_0000;
    private const int CommandRegister = 0x04;
    private const uint MemorySpaceAndBusMaster = 0x6;
    private const uint MsiData = 0x4000;
    private const ulong SourceBuffer = 0x1000_0000;
    private const ulong DestinationBuffer = 0x2000_0000;
    private const ulong UnmappedBuffer = 0xC000_0000;

    private readonly PciEpfTestDevice _device = new();
    private readonly HostHarness _host;

    public PciEpfTestDeviceTests()
    {
        _host = new HostHarness(_device);
        ProgramBars();
    }

    /// <summary>Transfer sizes of the kselftest data tests (and of pcitest.sh).</summary>
    public static TheoryData<int> TransferSizes => new() { 1, 1024, 1025, 1_024_000, 1_024_001 };

    [Fact]
    public void ConfigSpaceIdentifiesTheDra74xEndpointFunction()
    {
        uint ids = _host.ConfigRead(0x00);
        uint classAndRevision = _host.ConfigRead(0x08);
        uint headerType = (_host.ConfigRead(0x0C) >> 16) & 0x7F;
        uint interruptPin = (_host.ConfigRead(0x3C) >> 8) & 0xFF;

        Assert.Equal(0xB500_104Cu, ids);
        Assert.Equal(0xFF00_0000u, classAndRevision); // Class Code FF0000h, Revision ID 00h
        Assert.Equal(0u, headerType); // type 0: the driver refuses bridges
        Assert.Equal(1u, interruptPin); // INTA
    }

    [Theory]
    [InlineData(0, 0xFFFF_F000u)] // 4 KiB register BAR: 32-bit (bits 2:1 = 00b), non-prefetchable (bit 3 = 0)
    [InlineData(1, 0xFFFF_C000u)] // 16 KiB RAM BARs
    [InlineData(2, 0xFFFF_C000u)]
    [InlineData(3, 0xFFFF_C000u)]
    [InlineData(4, 0xFFFF_C000u)]
    [InlineData(5, 0xFFFF_C000u)]
    public void EveryBarIsA32BitNonPrefetchableMemoryBar(int bar, uint sizingValue)
    {
        int offset = 0x10 + (4 * bar);

        _host.ConfigWrite(offset, 0xFFFF_FFFF);
        uint sized = _host.ConfigRead(offset);

        Assert.Equal(sizingValue, sized);
    }

    [Fact]
    public void MsiCapabilityOffers32VectorsWith64BitAddresses()
    {
        int msi = _host.FindCapability(0x05);

        uint control = _host.ConfigRead(msi) >> 16;

        Assert.Equal(5u, (control >> 1) & 0b111); // Multiple Message Capable: 2^5 = 32 vectors
        Assert.Equal(1u, (control >> 7) & 1); // 64 bit address capable
    }

    [Fact]
    public void MsixTableAndPbaLiveInBar0AboveTheRegisters()
    {
        int msix = _host.FindCapability(0x11);

        uint control = _host.ConfigRead(msix) >> 16;
        uint table = _host.ConfigRead(msix + 4);
        uint pba = _host.ConfigRead(msix + 8);

        Assert.Equal(31u, control & 0x7FF); // Table Size is N - 1
        Assert.Equal(0x80u, table); // offset 80h, BIR 0
        Assert.Equal(0x280u, pba); // right after 32 × 16 bytes, BIR 0
    }

    [Fact]
    public void PowerManagementAndPciExpressEndpointCapabilitiesArePresent()
    {
        int powerManagement = _host.FindCapability(0x01);
        int pciExpress = _host.FindCapability(0x10);

        uint deviceType = (_host.ConfigRead(pciExpress) >> 20) & 0xF;

        Assert.NotEqual(0, powerManagement);
        Assert.Equal(0u, deviceType); // PCI Express Endpoint
    }

    private void ProgramBars()
    {
        for (int bar = 0; bar < 6; bar++)
        {
            _host.ConfigWrite(0x10 + (4 * bar), (uint)BarAddress(bar));
        }

        _host.ConfigWrite(CommandRegister, MemorySpaceAndBusMaster);
    }

    private static ulong BarAddress(int bar) => bar == 0 ? Bar0 : RamBarsBase + ((ulong)(bar - 1) * RamBarStride);

    private PciEpfTestStatus Status() => (PciEpfTestStatus)_host.MemoryRead32(Bar0 + Register.Status);

    private void WriteRegister(ulong offset, uint value) => _host.MemoryWrite32(Bar0 + offset, value);

    private uint ReadRegister(ulong offset) => _host.MemoryRead32(Bar0 + offset);

    private void Command(PciEpfTestCommand command) => WriteRegister(Register.Command, (uint)command);

    // MSI Enable with Multiple Message Enable = log2(vectors), Message Address FEE00000h, Message Data 4000h.
    private void EnableMsi(int enabledVectorsLog2 = 5)
    {
        int msi = _host.FindCapability(0x05);
        _host.ConfigWrite(msi + 4, (uint)HostHarness.MsiWindow);
        _host.ConfigWrite(msi + 8, 0);
        _host.ConfigWrite(msi + 0x0C, MsiData);
        _host.ConfigWrite(msi, (1u | ((uint)enabledVectorsLog2 << 4)) << 16);
    }

    // MSI-X Enable; entry i: address FEE00000h + 4·i, data 5000h + i, unmasked.
    private void EnableMsix()
    {
        int msix = _host.FindCapability(0x11);
        _host.ConfigWrite(msix, 0x8000_0000);
        for (int entry = 0; entry < PciEpfTestDevice.MsixTableSize; entry++)
        {
            ulong at = Bar0 + 0x80 + (16 * (ulong)entry);
            _host.MemoryWrite32(at, (uint)HostHarness.MsiWindow + (4 * (uint)entry));
            _host.MemoryWrite32(at + 4, 0);
            _host.MemoryWrite32(at + 8, 0x5000 + (uint)entry);
            _host.MemoryWrite32(at + 12, 0);
        }
    }

    private void SelectInterrupt(PciEpfTestIrqType type, uint number)
    {
        WriteRegister(Register.IrqType, (uint)type);
        WriteRegister(Register.IrqNumber, number);
    }

    private static uint Pattern(byte value) => value * 0x0101_0101u;

    private static void WriteUInt32(Span<byte> bytes, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);

    /// <summary>BAR0 register offsets (docs/pci-epf-test.md §5).</summary>
    private static class Register
    {
        public const ulong Magic = 0x00;
        public const ulong Command = 0x04;
        public const ulong Status = 0x08;
        public const ulong SourceAddressLow = 0x0C;
        public const ulong SourceAddressHigh = 0x10;
        public const ulong DestinationAddressLow = 0x14;
        public const ulong DestinationAddressHigh = 0x18;
        public const ulong Size = 0x1C;
        public const ulong Checksum = 0x20;
        public const ulong IrqType = 0x24;
        public const ulong IrqNumber = 0x28;
        public const ulong Flags = 0x2C;
        public const ulong Capabilities = 0x30;
        public const ulong DoorbellBar = 0x34;
        public const ulong DoorbellOffset = 0x38;
        public const ulong DoorbellData = 0x3C;
    }
}
