using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Tests.Config;

public sealed class ConfigChangeTests
{
    [Fact]
    public void CommandWriteThatChangesTheValueRaisesCommandOnce()
    {
        var config = SampleFunctions.Full();
        var seen = Record(config);

        config.WriteUInt32(0x04, 0x0000_0006); // Command and Status in one DW

        Assert.Equal([ConfigChange.Command], seen);
        Assert.True(config.BusMasterEnable);
    }

    [Fact]
    public void WriteThatLeavesTheValueUnchangedRaisesNothing()
    {
        var config = SampleFunctions.Full();
        config.WriteUInt16(0x04, 0x0002);
        var seen = Record(config);

        config.WriteUInt16(0x04, 0x0002);
        config.WriteUInt16(0x04, 0x0802); // same enables plus a reserved bit

        Assert.Empty(seen);
    }

    [Fact]
    public void BarAndRomWritesRaiseBaseAddress()
    {
        var config = SampleFunctions.Full();
        var seen = Record(config);

        config.WriteUInt32(0x10, 0xFEB0_0000);
        config.WriteUInt32(0x30, 0xFEC0_0001);
        config.WriteUInt32(0x20, 0xFFFF_FFFF); // unimplemented BAR4: no change

        Assert.Equal([ConfigChange.BaseAddress, ConfigChange.BaseAddress], seen);
    }

    [Fact]
    public void MsiAndMsixControlWritesRaiseTheirEvents()
    {
        var config = SampleFunctions.Full();
        var seen = Record(config);

        config.WriteUInt16(SampleFunctions.MsiOffset + 2, 0x0001);
        config.WriteUInt16(SampleFunctions.MsixOffset + 2, 0x8000);
        config.WriteUInt32(SampleFunctions.MsiOffset + 4, 0xFEE0_0000); // address: no event

        Assert.Equal([ConfigChange.MsiControl, ConfigChange.MsixControl], seen);
    }

    [Fact]
    public void PowerStateChangeRaisesPowerStateButDiscardedD1DoesNot()
    {
        var config = SampleFunctions.Full();
        var seen = Record(config);

        config.WriteUInt16(SampleFunctions.PowerManagementOffset + 4, 0x0001);
        config.WriteUInt16(SampleFunctions.PowerManagementOffset + 4, 0x0003);

        Assert.Equal([ConfigChange.PowerState], seen);
    }

    [Fact]
    public void InitiateFlrRaisesFunctionLevelResetAfterRegistersWereReset()
    {
        var config = SampleFunctions.Full();
        config.WriteUInt16(0x04, 0x0006);
        CommandFlags commandSeenByHandler = CommandFlags.Writable;
        var seen = new List<ConfigChange>();
        config.Changed += change =>
        {
            seen.Add(change);
            commandSeenByHandler = config.Command;
        };

        config.WriteUInt16(SampleFunctions.PciExpressOffset + 8, 0x8000);

        Assert.Equal([ConfigChange.FunctionLevelReset], seen);
        Assert.Equal(CommandFlags.None, commandSeenByHandler);
    }

    [Fact]
    public void CfgWr0RaisesTheEventBeforeTheCompletionIsSent()
    {
        var config = SampleFunctions.Full();
        var order = new List<string>();
        config.Changed += change => order.Add(change.ToString());
        var upstream = new OrderRecordingReceiver(order);
        PcieId function = PcieId.From(1, 0, 0);

        TlpHeader request = TlpHeader.ConfigWrite(PcieId.From(0, 0, 0), tag: 1, function, offset: 0x04, byteCount: 2);
        config.HandleRequest(request, [0x04, 0x00, 0x00, 0x00], function, upstream);

        Assert.Equal(["Command", "Completion"], order);
    }

    private static List<ConfigChange> Record(ConfigSpace config)
    {
        var seen = new List<ConfigChange>();
        config.Changed += seen.Add;
        return seen;
    }

    private sealed class OrderRecordingReceiver(List<string> order) : ITlpReceiver
    {
        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload) => order.Add(header.Kind.ToString());
    }
}
