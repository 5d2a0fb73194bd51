using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Tests.Config;

public sealed class PowerManagementCapabilityTests
{
    private const int ControlStatus = SampleFunctions.PowerManagementOffset + 4;

    [Fact]
    public void PowerStateMovesBetweenD0AndD3Hot()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt16(ControlStatus, 0x0003);

        Assert.Equal(PowerState.D3Hot, config.PowerManagement!.PowerState);
        Assert.Equal(0x000B, config.ReadUInt16(ControlStatus)); // No_Soft_Reset stays set
    }

    [Theory]
    [InlineData(0x0001)]
    [InlineData(0x0002)]
    public void WriteOfUnsupportedD1OrD2IsDiscarded(ushort value)
    {
        var config = SampleFunctions.Full();
        config.WriteUInt16(ControlStatus, 0x0003);

        config.WriteUInt16(ControlStatus, value);

        Assert.Equal(PowerState.D3Hot, config.PowerManagement!.PowerState);
    }

    [Fact]
    public void PmeBitsAndNoSoftResetAreReadOnly()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(ControlStatus, 0xFFFF_FF0C); // PME_Status, PME_En, Data_Select, No_Soft_Reset, Data

        Assert.Equal(0x0000_0008u, config.ReadUInt32(ControlStatus));
        config.WriteUInt16(SampleFunctions.PowerManagementOffset + 2, 0xFFFF);
        Assert.Equal(0x0003, config.ReadUInt16(SampleFunctions.PowerManagementOffset + 2));
    }

    [Fact]
    public void D3HotStopsBarDecodeWhileConfigurationStaysAccessible()
    {
        var config = SampleFunctions.Full();
        config.WriteUInt32(0x10, 0xFEB0_0000);
        config.WriteUInt16(0x04, (ushort)CommandFlags.MemorySpaceEnable);

        config.WriteUInt16(ControlStatus, 0x0003);

        Assert.False(config.TryDecodeBar(0xFEB0_0000, isIo: false, out _, out _));
        config.WriteUInt16(ControlStatus, 0x0000);
        Assert.True(config.TryDecodeBar(0xFEB0_0000, isIo: false, out _, out _));
    }

    [Fact]
    public void D3HotToD0WithoutNoSoftResetResetsTheFunction()
    {
        var config = new ConfigSpace(
            SampleFunctions.Identity,
            [BarDefinition.Memory32(0, 4096)],
            [new PowerManagementCapability(noSoftReset: false)]);
        config.WriteUInt32(0x10, 0xFEB0_0000);
        config.WriteUInt16(0x04, (ushort)CommandFlags.MemorySpaceEnable);
        config.WriteUInt16(0x44, 0x0003);

        config.WriteUInt16(0x44, 0x0000);

        Assert.Equal(0u, config.ReadUInt32(0x10));
        Assert.Equal(CommandFlags.None, config.Command);
        Assert.Equal(PowerState.D0, config.PowerManagement!.PowerState);
    }

    [Fact]
    public void D3HotToD0WithNoSoftResetKeepsTheConfiguration()
    {
        var config = SampleFunctions.Full();
        config.WriteUInt32(0x10, 0xFEB0_0000);
        config.WriteUInt16(ControlStatus, 0x0003);

        config.WriteUInt16(ControlStatus, 0x0000);

        Assert.Equal(0xFEB0_0000u, config.ReadUInt32(0x10));
    }
}
