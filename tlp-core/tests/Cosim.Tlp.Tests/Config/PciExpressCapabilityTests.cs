using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Tests.Config;

public sealed class PciExpressCapabilityTests
{
    private const int DeviceControl = SampleFunctions.PciExpressOffset + 8;
    private const int DeviceStatus = SampleFunctions.PciExpressOffset + 0x0A;
    private const int LinkControl = SampleFunctions.PciExpressOffset + 0x10;

    [Fact]
    public void DeviceControlPowersOnWithSpecDefaults()
    {
        var config = SampleFunctions.Full();

        DeviceControlRegister control = config.DeviceControl;

        Assert.Equal(128, control.MaxPayloadSize);
        Assert.Equal(512, control.MaxReadRequestSize);
        Assert.True(control.RelaxedOrderingEnable);
        Assert.True(control.NoSnoopEnable);
        Assert.False(control.ExtendedTagFieldEnable);
    }

    [Fact]
    public void DeviceControlWritableFieldsHoldWhatSoftwareWrites()
    {
        var config = SampleFunctions.Full();

        // MRRS 101b (4096), No Snoop, Extended Tag, MPS 001b (256), Relaxed Ordering, all four reporting enables.
        config.WriteUInt16(DeviceControl, 0x593F);

        DeviceControlRegister control = config.DeviceControl;
        Assert.Equal((ushort)0x593F, control.Value);
        Assert.Equal(256, control.MaxPayloadSize);
        Assert.Equal(4096, control.MaxReadRequestSize);
        Assert.True(control.ExtendedTagFieldEnable);
        Assert.True(control.UnsupportedRequestReportingEnable);
    }

    [Fact]
    public void DeviceControlPhantomFunctionsAndAuxPowerBitsReadZero()
    {
        var config = SampleFunctions.Full();

        // Every bit but Initiate FLR (bit 15, which would reset the function).
        config.WriteUInt16(DeviceControl, 0x7FFF);

        Assert.Equal(0x79FF, config.ReadUInt16(DeviceControl));
    }

    [Fact]
    public void ExtendedTagEnableIsHardwiredZeroWhenNotSupported()
    {
        var config = SampleFunctions.With(new PciExpressCapability(extendedTagFieldSupported: false));

        config.WriteUInt16(config.PciExpress!.Offset + 8, 0x0100);

        Assert.False(config.DeviceControl.ExtendedTagFieldEnable);
        Assert.Equal(0u, config.ReadUInt32(config.PciExpress.Offset + 4) & (1u << 5));
    }

    [Fact]
    public void DeviceStatusErrorBitsAreRw1c()
    {
        var config = SampleFunctions.Full();
        config.PciExpress!.SetDeviceStatus(DeviceStatusFlags.CorrectableErrorDetected | DeviceStatusFlags.UnsupportedRequestDetected);

        config.WriteUInt16(DeviceStatus, 0x0001 | 0x0030);

        Assert.Equal(DeviceStatusFlags.UnsupportedRequestDetected, config.PciExpress.DeviceStatus);
    }

    [Fact]
    public void WritingDeviceControlWithZeroStatusBytesKeepsDeviceStatus()
    {
        var config = SampleFunctions.Full();
        config.PciExpress!.SetDeviceStatus(DeviceStatusFlags.FatalErrorDetected);

        config.WriteUInt32(DeviceControl, 0x0000_2810);

        Assert.Equal(DeviceStatusFlags.FatalErrorDetected, config.PciExpress.DeviceStatus);
    }

    [Fact]
    public void SetDeviceStatusRefusesReadOnlyBits()
    {
        var config = SampleFunctions.Full();

        Assert.Throws<ArgumentOutOfRangeException>(() => config.PciExpress!.SetDeviceStatus(DeviceStatusFlags.TransactionsPending));
    }

    [Fact]
    public void LinkRegistersReportTheDeclaredSpeedAndWidthAndAreReadOnly()
    {
        var config = SampleFunctions.With(new PciExpressCapability(maxLinkSpeed: LinkSpeed.Rate16GTs, maxLinkWidth: LinkWidth.X8));
        int pcie = config.PciExpress!.Offset;

        config.WriteUInt32(pcie + 0x0C, 0);
        config.WriteUInt32(pcie + 0x10, 0xFFFF_FFFF);

        // Link Capabilities: 16 GT/s (4h), x8 (8h << 4), ASPM Optionality Compliance.
        Assert.Equal(0x0040_0084u, config.ReadUInt32(pcie + 0x0C));
        // Link Control writable bits (ASPM Control, RCB, Common Clock, Extended Synch); Link Status RO.
        Assert.Equal(0x0084_00CBu, config.ReadUInt32(pcie + 0x10));
        // Link Capabilities 2: Supported Link Speeds Vector 2.5-16 GT/s = bits 4:1.
        Assert.Equal(0x0000_001Eu, config.ReadUInt32(pcie + 0x2C));
        // Device Capabilities 2: 10-Bit Tag Completer Supported, required at 16 GT/s.
        Assert.Equal(1u << 16, config.ReadUInt32(pcie + 0x24));
    }

    [Fact]
    public void RootComplexIntegratedEndpointHasNoLinkRegisters()
    {
        var config = SampleFunctions.With(new PciExpressCapability(PciExpressDeviceType.RootComplexIntegratedEndpoint));
        int pcie = config.PciExpress!.Offset;

        config.WriteUInt32(pcie + 0x10, 0xFFFF_FFFF);

        Assert.Equal(0x0092, config.ReadUInt16(pcie + 2)); // version 2, Device/Port Type 1001b
        Assert.Equal(0u, config.ReadUInt32(pcie + 0x0C));
        Assert.Equal(0u, config.ReadUInt32(pcie + 0x10));
        Assert.Equal(0u, config.ReadUInt32(pcie + 0x2C));
    }

    [Fact]
    public void InitiateFlrResetsConfigurationButKeepsStickyAndLinkBits()
    {
        var config = SampleFunctions.Full();
        config.WriteUInt16(0x04, 0x0006);
        config.WriteUInt32(0x10, 0xFEB0_0000);
        config.WriteUInt16(LinkControl, 0x0040);
        config.WriteUInt32(SampleFunctions.AerOffset + 8, 0x0010_0000);
        config.Aer!.RecordUncorrectableError(AerUncorrectableErrors.CompletionTimeout, []);

        config.WriteUInt16(DeviceControl, 0x8000 | 0x2810);

        Assert.Equal(CommandFlags.None, config.Command);
        Assert.Equal(0u, config.ReadUInt32(0x10));
        Assert.Equal(0x0040, config.ReadUInt16(LinkControl));
        Assert.Equal(AerUncorrectableErrors.UnsupportedRequestError, config.Aer.UncorrectableErrorMask);
        Assert.Equal(AerUncorrectableErrors.CompletionTimeout, config.Aer.UncorrectableErrorStatus);
        Assert.Equal(0x2810, config.ReadUInt16(DeviceControl));
    }

    [Fact]
    public void InitiateFlrIsIgnoredWithoutFlrCapability()
    {
        var config = SampleFunctions.With(new PciExpressCapability(functionLevelResetCapable: false));
        config.WriteUInt16(0x04, 0x0002);

        config.WriteUInt16(config.PciExpress!.Offset + 8, 0x8000);

        Assert.Equal(CommandFlags.MemorySpaceEnable, config.Command);
        Assert.Equal(0u, config.ReadUInt32(config.PciExpress.Offset + 4) & (1u << 28));
    }

    [Theory]
    [InlineData(MaxPayloadSize.Bytes128, 128)]
    [InlineData(MaxPayloadSize.Bytes4096, 4096)]
    public void MaxPayloadSizeSupportedIsReportedInBytes(MaxPayloadSize supported, int bytes)
    {
        var config = SampleFunctions.With(new PciExpressCapability(maxPayloadSizeSupported: supported));

        Assert.Equal(bytes, config.PciExpress!.MaxPayloadSizeSupported);
        Assert.Equal((uint)supported, config.ReadUInt32(config.PciExpress.Offset + 4) & 0b111);
    }

    [Fact]
    public void ReservedMaxPayloadSizeEncodingReadsAs4096Bytes()
    {
        var control = new DeviceControlRegister(0b111 << 5);

        Assert.Equal(4096, control.MaxPayloadSize);
    }

    [Fact]
    public void DeviceTypeOfAPortIsRejected()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new PciExpressCapability((PciExpressDeviceType)0b0100));

        Assert.StartsWith("PCI Express:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndefinedLinkWidthIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PciExpressCapability(maxLinkWidth: (LinkWidth)3));
    }

    [Fact]
    public void UndefinedLinkSpeedIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PciExpressCapability(maxLinkSpeed: (LinkSpeed)7));
    }

    [Fact]
    public void UndefinedMaxPayloadSizeIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PciExpressCapability(maxPayloadSizeSupported: (MaxPayloadSize)6));
    }
}
