using Cosim.Tlp;

namespace Cosim.Models.Tests.Edu;

public sealed partial class EduDeviceTests
{
    [Fact]
    public void RaiseOrsIntoStatusAndIntaFallsOnlyWhenEveryBitIsAcknowledged()
    {
        Write32(Register.InterruptRaise, 0x10);
        Write32(Register.InterruptRaise, 0x20);
        uint raised = Read32(Register.InterruptStatus);
        Write32(Register.InterruptAcknowledge, 0x10);
        uint partly = Read32(Register.InterruptStatus);
        MessageCode[] beforeLastAck = [.. _host.IntxMessages];
        Write32(Register.InterruptAcknowledge, 0x20);

        Assert.Equal(0x30u, raised);
        Assert.Equal(0x20u, partly);
        Assert.Equal([MessageCode.AssertIntA], beforeLastAck);
        Assert.Equal([MessageCode.AssertIntA, MessageCode.DeassertIntA], _host.IntxMessages);
        Assert.Equal(0u, Read32(Register.InterruptStatus));
    }

    [Fact]
    public void RaisingNothingWithAnEmptyStatusSignalsNothing()
    {
        EnableMsi();

        Write32(Register.InterruptRaise, 0);

        Assert.Empty(_host.MessageInterrupts);
        Assert.Empty(_host.IntxMessages);
    }

    [Fact]
    public void WithMsiEnabledEveryRaiseWhileStatusIsSetSendsVector0()
    {
        EnableMsi();

        Write32(Register.InterruptRaise, 0x1);
        Write32(Register.InterruptRaise, 0); // QEMU notifies again: the status is still non-zero
        Write32(Register.InterruptAcknowledge, 0x1);

        Assert.Equal([(HostHarness.MsiWindow, MsiData), (HostHarness.MsiWindow, MsiData)], _host.MessageInterrupts);
        Assert.Empty(_host.IntxMessages);
    }

    [Fact]
    public void InterruptDisableSilencesIntaButNotTheStatus()
    {
        _host.ConfigWrite(CommandRegister, MemorySpaceAndBusMaster | (1u << 10)); // Interrupt Disable

        Write32(Register.InterruptRaise, 0x4);

        Assert.Empty(_host.IntxMessages);
        Assert.Equal(0x4u, Read32(Register.InterruptStatus));
        Assert.NotEqual(0u, _host.ConfigRead(0x04) & (1u << 19)); // Status.Interrupt Status follows the line
    }

    [Fact]
    public void NarrowWriteToTheRaiseRegisterRaisesNothing()
    {
        _host.MemoryWrite(Bar0 + Register.InterruptRaise, [0x1]);

        Assert.Equal(0u, Read32(Register.InterruptStatus));
        Assert.Empty(_host.IntxMessages);
    }
}
