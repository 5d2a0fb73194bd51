using Cosim.Models.PciEpfTest;

namespace Cosim.Models.Tests.PciEpfTest;

public sealed partial class PciEpfTestDeviceTests
{
    [Fact]
    public void MagicIsAScratchRegisterForTheRegisterBarTest()
    {
        WriteRegister(Register.Magic, 0xA0A0_A0A0);
        uint first = ReadRegister(Register.Magic);
        WriteRegister(Register.Magic, 0xA000_0000);

        Assert.Equal(0xA0A0_A0A0u, first);
        Assert.Equal(0xA000_0000u, ReadRegister(Register.Magic));
    }

    [Theory]
    [InlineData(Register.SourceAddressLow)]
    [InlineData(Register.SourceAddressHigh)]
    [InlineData(Register.DestinationAddressLow)]
    [InlineData(Register.DestinationAddressHigh)]
    [InlineData(Register.Size)]
    [InlineData(Register.Checksum)]
    [InlineData(Register.IrqType)]
    [InlineData(Register.IrqNumber)]
    public void DataRegistersReadBackWhatTheHostWrote(ulong offset)
    {
        WriteRegister(offset, 0x1234_5678);

        Assert.Equal(0x1234_5678u, ReadRegister(offset));
    }

    [Fact]
    public void FlagsKeepsUseDmaAndReservesTheRest()
    {
        WriteRegister(Register.Flags, 0xFFFF_FFFF);

        Assert.Equal(1u, ReadRegister(Register.Flags));
    }

    [Fact]
    public void CapsAdvertisesMsiMsixIntxSubrangesAndTheDoorbellAndIsReadOnly()
    {
        WriteRegister(Register.Capabilities, 0);

        Assert.Equal(0x3Eu, ReadRegister(Register.Capabilities));
        Assert.Equal(PciEpfTestDevice.AdvertisedCapabilities, (PciEpfTestCapabilities)ReadRegister(Register.Capabilities));
    }

    [Fact]
    public void DoorbellRegistersNameNoBarUntilTheDoorbellIsEnabledAndAreReadOnly()
    {
        WriteRegister(Register.DoorbellBar, 1);
        WriteRegister(Register.DoorbellOffset, 0x40);
        WriteRegister(Register.DoorbellData, 0x55);

        Assert.Equal(0xFFFF_FFFFu, ReadRegister(Register.DoorbellBar));
        Assert.Equal(0u, ReadRegister(Register.DoorbellOffset));
        Assert.Equal(0u, ReadRegister(Register.DoorbellData));
    }

    [Fact]
    public void CommandReadsZeroOnceTheDevicePickedItUp()
    {
        EnableMsi();
        SelectInterrupt(PciEpfTestIrqType.Msi, 1);

        Command(PciEpfTestCommand.RaiseMsi);

        Assert.Equal(0u, ReadRegister(Register.Command));
    }

    [Fact]
    public void HostCanClearStatusByWritingZero()
    {
        EnableMsi();
        SelectInterrupt(PciEpfTestIrqType.Msi, 1);
        Command(PciEpfTestCommand.RaiseMsi);
        PciEpfTestStatus before = Status();

        WriteRegister(Register.Status, 0);

        Assert.Equal(PciEpfTestStatus.IrqRaised, before);
        Assert.Equal(PciEpfTestStatus.None, Status());
    }

    [Fact]
    public void CommandWriteClearsStatusAtOnceEvenForARefusedCommand()
    {
        WriteRegister(Register.Status, 0x7_FFFF);
        PciEpfTestStatus before = Status();

        WriteRegister(Register.Command, 0x400); // no such command

        Assert.Equal((PciEpfTestStatus)0x7_FFFF, before);
        Assert.Equal(PciEpfTestStatus.None, Status());
    }

    [Fact]
    public void UnimplementedRegisterBarOffsetsReadZeroAndIgnoreWrites()
    {
        _host.MemoryWrite32(Bar0 + 0x40, 0xFFFF_FFFF);
        _host.MemoryWrite32(Bar0 + 0xFFC, 0xFFFF_FFFF);

        Assert.Equal(0u, _host.MemoryRead32(Bar0 + 0x40));
        Assert.Equal(0u, _host.MemoryRead32(Bar0 + 0xFFC));
    }

    [Fact]
    public void RamBarsStoreEveryAccessWidth()
    {
        ulong bar3 = BarAddress(3);

        _host.MemoryWrite(bar3 + 0x11, [0xAB]);
        _host.MemoryWrite(bar3 + 0x22, [0x01, 0x02]);
        _host.MemoryWrite32(bar3 + 0x30, 0xDEAD_BEEF);
        _host.MemoryWrite64(bar3 + 0x40, 0x0123_4567_89AB_CDEF);
        _host.MemoryWrite(bar3 + 0x53, [1, 2, 3, 4, 5, 6, 7, 8, 9]); // unaligned, three DWs with partial byte enables

        Assert.Equal([0xAB], _host.MemoryRead(bar3 + 0x11, 1));
        Assert.Equal([0x01, 0x02], _host.MemoryRead(bar3 + 0x22, 2));
        Assert.Equal(0xDEAD_BEEFu, _host.MemoryRead32(bar3 + 0x30));
        Assert.Equal(0x0123_4567_89AB_CDEFul, _host.MemoryRead64(bar3 + 0x40));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0], _host.MemoryRead(bar3 + 0x52, 11));
    }

    [Fact]
    public void BarTestPatternFillsAndReadsBackAWholeRamBar()
    {
        // BAR_TEST: memset(0xA0 + bar), memcpy_toio, memcpy_fromio, memcmp; here in 4 KiB bursts.
        ulong bar5 = BarAddress(5);
        byte[] pattern = Enumerable.Repeat((byte)0xA5, 4096).ToArray();

        for (ulong offset = 0; offset < PciEpfTestDevice.RamBarSize; offset += 4096)
        {
            _host.MemoryWrite(bar5 + offset, pattern);
        }

        for (ulong offset = 0; offset < PciEpfTestDevice.RamBarSize; offset += 4096)
        {
            Assert.Equal(pattern, _host.MemoryRead(bar5 + offset, 4096));
        }
    }

    [Fact]
    public void ConsecutiveBarTestFindsNoAliasingBetweenBars()
    {
        // CONSECUTIVE_BAR_TEST: every BAR written dword by dword with (0xA0 + bar) << 24 | offset, then all read back;
        // the register BAR only at offset 0.
        for (int bar = 0; bar < 6; bar++)
        {
            int size = bar == 0 ? 4 : PciEpfTestDevice.RamBarSize;
            for (uint offset = 0; offset < size; offset += 4)
            {
                _host.MemoryWrite32(BarAddress(bar) + offset, ((0xA0u + (uint)bar) << 24) | offset);
            }
        }

        for (int bar = 0; bar < 6; bar++)
        {
            int size = bar == 0 ? 4 : PciEpfTestDevice.RamBarSize;
            for (uint offset = 0; offset < size; offset += 4)
            {
                Assert.Equal(((0xA0u + (uint)bar) << 24) | offset, _host.MemoryRead32(BarAddress(bar) + offset));
            }
        }
    }

    [Fact]
    public void FunctionLevelResetReturnsRegistersAndDoorbellToPowerOn()
    {
        EnableMsi();
        SelectInterrupt(PciEpfTestIrqType.Msi, 1);
        WriteRegister(Register.Magic, 0x1234);
        Command(PciEpfTestCommand.EnableDoorbell);
        int pciExpress = _host.FindCapability(0x10);

        _host.ConfigWrite(pciExpress + 8, 1u << 15); // Device Control: Initiate Function Level Reset

        Assert.Equal(0u, _host.ConfigRead(0x04) & MemorySpaceAndBusMaster);
        ProgramBars();
        Assert.Equal(0u, ReadRegister(Register.Magic));
        Assert.Equal(0xFFFF_FFFFu, ReadRegister(Register.DoorbellBar));
        Assert.Equal(PciEpfTestStatus.None, Status());
    }
}
