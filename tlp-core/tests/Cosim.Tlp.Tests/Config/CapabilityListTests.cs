using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Tests.Config;

public sealed class CapabilityListTests
{
    [Fact]
    public void ChainFromCapabilitiesPointerVisitsEachCapabilityInDeclarationOrder()
    {
        var config = SampleFunctions.Full();
        var visited = new List<(int Offset, byte Id)>();

        // Walk as Linux's pci_find_capability does: pointer at 34h, then each Next, until 00h.
        for (int pointer = config.ReadByte(0x34); pointer != 0; pointer = config.ReadByte(pointer + 1))
        {
            visited.Add((pointer, config.ReadByte(pointer)));
        }

        Assert.Equal(
            [
                (SampleFunctions.PowerManagementOffset, (byte)CapabilityId.PowerManagement),
                (SampleFunctions.MsiOffset, (byte)CapabilityId.Msi),
                (SampleFunctions.MsixOffset, (byte)CapabilityId.Msix),
                (SampleFunctions.PciExpressOffset, (byte)CapabilityId.PciExpress),
            ],
            visited);
    }

    [Fact]
    public void AerSitsAt100hWithIdVersionAndNullNext()
    {
        var config = SampleFunctions.Full();

        uint header = config.ReadUInt32(0x100);

        Assert.Equal((ushort)ExtendedCapabilityId.AdvancedErrorReporting, (ushort)header);
        Assert.Equal(2u, (header >> 16) & 0xF);
        Assert.Equal(0u, header >> 20);
        Assert.Equal(SampleFunctions.AerOffset, config.Aer!.Offset);
    }

    [Fact]
    public void CapabilityHeadersAreReadOnly()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt16(SampleFunctions.MsiOffset, 0xFFFF);
        config.WriteUInt32(0x100, 0xFFFF_FFFF);

        Assert.Equal(0x6005, config.ReadUInt16(SampleFunctions.MsiOffset));
        Assert.Equal(0x0002_0001u, config.ReadUInt32(0x100));
    }

    [Fact]
    public void TypedViewsPointAtThePlacedStructures()
    {
        var config = SampleFunctions.Full();

        Assert.Equal(SampleFunctions.PowerManagementOffset, config.PowerManagement!.Offset);
        Assert.Equal(SampleFunctions.MsiOffset, config.Msi!.Offset);
        Assert.Equal(SampleFunctions.MsixOffset, config.MsiX!.Offset);
        Assert.Equal(SampleFunctions.PciExpressOffset, config.PciExpress!.Offset);
        Assert.Equal(5, config.Capabilities.Count);
    }

    [Fact]
    public void ConventionalFunctionHasNoExtendedHeader()
    {
        var config = SampleFunctions.With(new PowerManagementCapability(), new MsiCapability());

        Assert.Equal(0u, config.ReadUInt32(0x100));
        Assert.Null(config.PciExpress);
        Assert.Equal(128, config.DeviceControl.MaxPayloadSize);
    }

    [Fact]
    public void DuplicateCapabilityThrowsNamingIt()
    {
        var exception = Assert.Throws<ArgumentException>(() => SampleFunctions.With(new MsiCapability(), new MsiCapability(2)));

        Assert.StartsWith("MSI:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtendedCapabilityWithoutPciExpressCapabilityThrows()
    {
        var exception = Assert.Throws<ArgumentException>(() => SampleFunctions.With(new AerCapability()));

        Assert.StartsWith("Advanced Error Reporting:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CapabilitiesArePackedDwordAlignedInDeclarationOrder()
    {
        // PCIe at 40h (3Ch bytes) -> MSI 32-bit without masking at 7Ch (0Ah bytes, rounded to 0Ch) -> PM at 88h (8) ->
        // MSI-X at 90h.
        var config = SampleFunctions.With(
            new PciExpressCapability(),
            new MsiCapability(32, is64Bit: false),
            new PowerManagementCapability(),
            new MsixCapability(1, 0, 0, 0, 0x800));

        Assert.Equal(
            [0x40, 0x7C, 0x88, 0x90],
            [config.PciExpress!.Offset, config.Msi!.Offset, config.PowerManagement!.Offset, config.MsiX!.Offset]);
        Assert.Equal(0x7C, config.ReadByte(0x41));
        Assert.Equal(0x00, config.ReadByte(0x91));
    }
}
