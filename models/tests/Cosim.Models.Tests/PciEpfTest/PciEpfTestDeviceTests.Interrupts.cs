using Cosim.Models.PciEpfTest;
using Cosim.Tlp;

namespace Cosim.Models.Tests.PciEpfTest;

public sealed partial class PciEpfTestDeviceTests
{
    [Fact]
    public void RaiseIntxPulsesIntaUntilTheHandlerReadsStatus()
    {
        var seenByHandler = new List<PciEpfTestStatus>();
        _host.OnIntxMessage = code =>
        {
            if (code == MessageCode.AssertIntA)
            {
                seenByHandler.Add(Status()); // pci_endpoint_test_irqhandler reads STATUS first
            }
        };
        SelectInterrupt(PciEpfTestIrqType.Intx, 0); // the INTx test writes IRQ_NUMBER 0

        Command(PciEpfTestCommand.RaiseIntx);

        Assert.Equal([PciEpfTestStatus.IrqRaised], seenByHandler);
        Assert.Equal([MessageCode.AssertIntA, MessageCode.DeassertIntA], _host.IntxMessages);
    }

    [Fact]
    public void UnreadIntxPulseEndsAtTheNextCommand()
    {
        SelectInterrupt(PciEpfTestIrqType.Intx, 0);
        Command(PciEpfTestCommand.RaiseIntx);
        MessageCode[] afterFirst = [.. _host.IntxMessages];

        Command(PciEpfTestCommand.RaiseIntx);

        Assert.Equal([MessageCode.AssertIntA], afterFirst);
        Assert.Equal([MessageCode.AssertIntA, MessageCode.DeassertIntA, MessageCode.AssertIntA], _host.IntxMessages);
    }

    [Fact]
    public void IntxIsSilentWhileInterruptDisableIsSet()
    {
        _host.ConfigWrite(CommandRegister, MemorySpaceAndBusMaster | (1u << 10)); // Interrupt Disable
        SelectInterrupt(PciEpfTestIrqType.Intx, 0);

        Command(PciEpfTestCommand.RaiseIntx);

        Assert.Empty(_host.IntxMessages);
        Assert.Equal(PciEpfTestStatus.IrqRaised, Status());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(32)]
    public void RaiseMsiSignalsVectorIrqNumberMinusOne(uint irqNumber)
    {
        EnableMsi();
        var seenByHandler = new List<PciEpfTestStatus>();
        _host.OnMessageInterrupt = (_, _) => seenByHandler.Add(Status());
        SelectInterrupt(PciEpfTestIrqType.Msi, irqNumber);

        Command(PciEpfTestCommand.RaiseMsi);

        Assert.Equal([(HostHarness.MsiWindow, MsiData | (irqNumber - 1))], _host.MessageInterrupts);
        Assert.Equal([PciEpfTestStatus.IrqRaised], seenByHandler);
    }

    [Fact]
    public void RaiseMsiBeyondTheEnabledVectorsSendsNothing()
    {
        EnableMsi(enabledVectorsLog2: 0); // the guest granted one vector (no interrupt remapping)
        SelectInterrupt(PciEpfTestIrqType.Msi, 2);

        Command(PciEpfTestCommand.RaiseMsi);

        Assert.Empty(_host.MessageInterrupts);
        Assert.Equal(PciEpfTestStatus.IrqRaised, Status());
    }

    [Fact]
    public void IrqNumberZeroSendsNoMessage()
    {
        EnableMsi();
        SelectInterrupt(PciEpfTestIrqType.Msi, 0);

        Command(PciEpfTestCommand.RaiseMsi);

        Assert.Empty(_host.MessageInterrupts);
    }

    [Fact]
    public void MsiIsSilentWhileTheDriverHasNotEnabledIt()
    {
        SelectInterrupt(PciEpfTestIrqType.Msi, 1);

        Command(PciEpfTestCommand.RaiseMsi);

        Assert.Empty(_host.MessageInterrupts);
        Assert.Empty(_host.IntxMessages);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(32)]
    public void RaiseMsixSignalsTableEntryIrqNumberMinusOne(uint irqNumber)
    {
        EnableMsix();
        SelectInterrupt(PciEpfTestIrqType.Msix, irqNumber);

        Command(PciEpfTestCommand.RaiseMsix);

        uint entry = irqNumber - 1;
        Assert.Equal([(HostHarness.MsiWindow + (4 * entry), 0x5000 + entry)], _host.MessageInterrupts);
    }

    [Fact]
    public void RaiseMsixPastTheTableSendsNothing()
    {
        EnableMsix();
        SelectInterrupt(PciEpfTestIrqType.Msix, PciEpfTestDevice.MsixTableSize + 1); // where MSIX_TEST starts to SKIP

        Command(PciEpfTestCommand.RaiseMsix);

        Assert.Empty(_host.MessageInterrupts);
    }

    [Fact]
    public void MaskedMsixEntryStaysPendingUntilUnmasked()
    {
        EnableMsix();
        _host.MemoryWrite32(Bar0 + 0x80 + 12, 1); // mask entry 0
        SelectInterrupt(PciEpfTestIrqType.Msix, 1);

        Command(PciEpfTestCommand.RaiseMsix);
        int whileMasked = _host.MessageInterrupts.Count;
        _host.MemoryWrite32(Bar0 + 0x80 + 12, 0);

        Assert.Equal(0, whileMasked);
        Assert.Equal([(HostHarness.MsiWindow, 0x5000u)], _host.MessageInterrupts);
    }

    [Fact]
    public void InvalidIrqTypeRefusesTheCommandWithoutAnInterrupt()
    {
        EnableMsi();
        SelectInterrupt((PciEpfTestIrqType)3, 1);

        Command(PciEpfTestCommand.RaiseMsi);

        Assert.Empty(_host.MessageInterrupts);
        Assert.Equal(PciEpfTestStatus.None, Status());
    }

    [Theory]
    [InlineData(0x3u)] // two commands at once: the real endpoint matches exact values
    [InlineData(0x400u)] // no such command
    public void UnknownCommandIsIgnoredWithoutAnInterrupt(uint command)
    {
        EnableMsi();
        SelectInterrupt(PciEpfTestIrqType.Msi, 1);

        WriteRegister(Register.Command, command);

        Assert.Empty(_host.MessageInterrupts);
        Assert.Equal(PciEpfTestStatus.None, Status());
    }

    [Fact]
    public void IrqTypeRegisterChoosesTheKindWhateverTheRaiseCommand()
    {
        EnableMsi();
        SelectInterrupt(PciEpfTestIrqType.Msi, 3);

        Command(PciEpfTestCommand.RaiseMsix);

        Assert.Equal([(HostHarness.MsiWindow, MsiData | 2)], _host.MessageInterrupts);
    }
}
