using Cosim.Models.PciEpfTest;

namespace Cosim.Models.Tests.PciEpfTest;

public sealed partial class PciEpfTestDeviceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void BarSubrangeTestSequenceOfTheHostDriverSucceeds(int bar)
    {
        // pci_endpoint_test_bar_subrange(): SETUP with SIZE = bar; check the first and last dword of each half for
        // 50h + 8·bar + i; memset_io each half with A0h + 8·bar + i and read it all back; CLEAR.
        EnableMsi();
        const int half = PciEpfTestDevice.RamBarSize / 2;
        ulong barAddress = BarAddress(bar);

        PciEpfTestStatus setup = RunSubrangeCommand(PciEpfTestCommand.BarSubrangeSetup, bar);
        uint[] signatures =
        [
            _host.MemoryRead32(barAddress), _host.MemoryRead32(barAddress + half - 4),
            _host.MemoryRead32(barAddress + half), _host.MemoryRead32(barAddress + (2 * half) - 4),
        ];
        for (int subrange = 0; subrange < 2; subrange++)
        {
            byte test = (byte)(0xA0 + (8 * bar) + subrange);
            for (int offset = 0; offset < half; offset += 4096)
            {
                _host.MemoryWrite(barAddress + (ulong)((subrange * half) + offset), Enumerable.Repeat(test, 4096).ToArray());
            }
        }

        byte[] readBack = _host.MemoryRead(barAddress, 4096);
        PciEpfTestStatus clear = RunSubrangeCommand(PciEpfTestCommand.BarSubrangeClear, bar);

        uint first = Pattern((byte)(0x50 + (8 * bar)));
        uint second = Pattern((byte)(0x50 + (8 * bar) + 1));
        Assert.Equal(PciEpfTestStatus.BarSubrangeSetupSuccess | PciEpfTestStatus.IrqRaised, setup);
        Assert.Equal([first, first, second, second], signatures);
        Assert.All(readBack, b => Assert.Equal((byte)(0xA0 + (8 * bar)), b));
        Assert.Equal(PciEpfTestStatus.BarSubrangeClearSuccess | PciEpfTestStatus.IrqRaised, clear);
        Assert.Equal(2, _host.MessageInterrupts.Count);
    }

    [Theory]
    [InlineData(0)] // the register BAR
    [InlineData(6)] // no such BAR
    [InlineData(0xFFFF_FFFF)]
    public void BarSubrangeSetupOfAnUnusableBarFailsAndStillInterrupts(uint bar)
    {
        EnableMsi();

        PciEpfTestStatus setup = RunSubrangeCommand(PciEpfTestCommand.BarSubrangeSetup, (int)bar);
        PciEpfTestStatus clear = RunSubrangeCommand(PciEpfTestCommand.BarSubrangeClear, (int)bar);

        Assert.Equal(PciEpfTestStatus.BarSubrangeSetupFail | PciEpfTestStatus.IrqRaised, setup);
        Assert.Equal(PciEpfTestStatus.BarSubrangeClearFail | PciEpfTestStatus.IrqRaised, clear);
        Assert.Equal(2, _host.MessageInterrupts.Count);
    }

    [Fact]
    public void BarSubrangeSetupLeavesOtherBarsAlone()
    {
        EnableMsi();
        _host.MemoryWrite32(BarAddress(2), 0x1234_5678);

        RunSubrangeCommand(PciEpfTestCommand.BarSubrangeSetup, 3);

        Assert.Equal(0x1234_5678u, _host.MemoryRead32(BarAddress(2)));
    }

    // pci_endpoint_test_bar_subrange_cmd(): STATUS = 0, IRQ_TYPE, IRQ_NUMBER 1, SIZE = bar, COMMAND; wait; STATUS.
    private PciEpfTestStatus RunSubrangeCommand(PciEpfTestCommand command, int bar)
    {
        WriteRegister(Register.Status, 0);
        SelectInterrupt(PciEpfTestIrqType.Msi, 1);
        WriteRegister(Register.Size, (uint)bar);
        Command(command);
        return Status();
    }
}
