using Cosim.Models.PciEpfTest;

namespace Cosim.Models.Tests.PciEpfTest;

public sealed partial class PciEpfTestDeviceTests
{
    [Fact]
    public void DoorbellTestSequenceOfTheHostDriverSucceeds()
    {
        // pci_endpoint_test_doorbell(): ENABLE, wait; read DB_DATA and DB_OFFSET; IRQ_TYPE, IRQ_NUMBER; STATUS = 0;
        // read DB_BAR; one writel of DB_DATA to BAR[DB_BAR] + DB_OFFSET, wait; DISABLE, wait.
        EnableMsi();
        SelectInterrupt(PciEpfTestIrqType.Msi, 1);

        Command(PciEpfTestCommand.EnableDoorbell);
        PciEpfTestStatus enabled = Status();
        uint data = ReadRegister(Register.DoorbellData);
        uint offset = ReadRegister(Register.DoorbellOffset);
        SelectInterrupt(PciEpfTestIrqType.Msi, 1);
        WriteRegister(Register.Status, 0);
        uint bar = ReadRegister(Register.DoorbellBar);
        _host.MemoryWrite32(BarAddress((int)bar) + offset, data);
        PciEpfTestStatus rung = Status();
        Command(PciEpfTestCommand.DisableDoorbell);
        PciEpfTestStatus disabled = Status();

        Assert.Equal(PciEpfTestStatus.DoorbellEnableSuccess | PciEpfTestStatus.IrqRaised, enabled);
        Assert.Equal((uint)PciEpfTestDevice.DoorbellBarIndex, bar);
        Assert.Equal(PciEpfTestDevice.DoorbellOffset, offset);
        Assert.Equal(PciEpfTestDevice.DoorbellValue, data);
        Assert.Equal(PciEpfTestStatus.DoorbellSuccess | PciEpfTestStatus.IrqRaised, rung);
        Assert.Equal(PciEpfTestStatus.DoorbellDisableSuccess | PciEpfTestStatus.IrqRaised, disabled);
        Assert.Equal(3, _host.MessageInterrupts.Count); // exactly one interrupt per event
        Assert.Equal(0xFFFF_FFFFu, ReadRegister(Register.DoorbellBar));
    }

    [Fact]
    public void DisarmedDoorbellIsPlainRam()
    {
        EnableMsi();
        SelectInterrupt(PciEpfTestIrqType.Msi, 1);

        _host.MemoryWrite32(BarAddress(PciEpfTestDevice.DoorbellBarIndex) + PciEpfTestDevice.DoorbellOffset, PciEpfTestDevice.DoorbellValue);

        Assert.Empty(_host.MessageInterrupts);
        Assert.Equal(PciEpfTestDevice.DoorbellValue, _host.MemoryRead32(BarAddress(PciEpfTestDevice.DoorbellBarIndex) + PciEpfTestDevice.DoorbellOffset));
    }

    [Fact]
    public void DoorbellWrittenWithAnotherValueDoesNotRing()
    {
        EnableMsi();
        SelectInterrupt(PciEpfTestIrqType.Msi, 1);
        Command(PciEpfTestCommand.EnableDoorbell);
        WriteRegister(Register.Status, 0);

        _host.MemoryWrite32(BarAddress(PciEpfTestDevice.DoorbellBarIndex) + PciEpfTestDevice.DoorbellOffset, 0x1234);

        Assert.Equal(PciEpfTestStatus.None, Status());
        Assert.Single(_host.MessageInterrupts); // the enable's
    }

    [Fact]
    public void WritesBesideTheDoorbellDoNotRingIt()
    {
        EnableMsi();
        SelectInterrupt(PciEpfTestIrqType.Msi, 1);
        Command(PciEpfTestCommand.EnableDoorbell);
        WriteRegister(Register.Status, 0);

        _host.MemoryWrite32(BarAddress(PciEpfTestDevice.DoorbellBarIndex) + PciEpfTestDevice.DoorbellOffset + 4, PciEpfTestDevice.DoorbellValue);
        _host.MemoryWrite32(BarAddress(2) + PciEpfTestDevice.DoorbellOffset, PciEpfTestDevice.DoorbellValue);

        Assert.Equal(PciEpfTestStatus.None, Status());
        Assert.Single(_host.MessageInterrupts);
    }
}
