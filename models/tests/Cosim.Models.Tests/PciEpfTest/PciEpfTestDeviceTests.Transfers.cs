using System.IO.Hashing;
using Cosim.Models.PciEpfTest;

namespace Cosim.Models.Tests.PciEpfTest;

public sealed partial class PciEpfTestDeviceTests
{
    [Fact]
    public void ChecksumIsCrc32LeSeededWithAllOnesWithoutFinalXor()
    {
        // zlib's CRC-32 of "123456789" is CBF43926h; crc32_le(~0, ...) without the final XOR is its complement.
        uint checksum = PciEpfTestDevice.Checksum("123456789"u8);

        Assert.Equal(0x340B_C6D9u, checksum);
        Assert.Equal(~Crc32.HashToUInt32("123456789"u8), checksum);
    }

    [Theory]
    [MemberData(nameof(TransferSizes))]
    public async Task ReadCommandChecksHostDataAgainstTheChecksum(int size)
    {
        EnableMsi();
        byte[] data = RandomBytes(size);
        _host.WriteHostMemory(SourceBuffer, data);

        await StartTransferAsync(PciEpfTestCommand.Read, SourceBuffer, 0, size, PciEpfTestDevice.Checksum(data));

        Assert.Equal(PciEpfTestStatus.ReadSuccess | PciEpfTestStatus.IrqRaised, Status());
        Assert.Equal([(HostHarness.MsiWindow, MsiData)], _host.MessageInterrupts);
    }

    [Fact]
    public async Task ReadCommandWithAWrongChecksumFailsAndStillInterrupts()
    {
        EnableMsi();
        byte[] data = RandomBytes(1024);
        _host.WriteHostMemory(SourceBuffer, data);

        await StartTransferAsync(PciEpfTestCommand.Read, SourceBuffer, 0, data.Length, ~PciEpfTestDevice.Checksum(data));

        Assert.Equal(PciEpfTestStatus.ReadFail | PciEpfTestStatus.IrqRaised, Status());
        Assert.Single(_host.MessageInterrupts);
    }

    [Theory]
    [MemberData(nameof(TransferSizes))]
    public async Task WriteCommandFillsHostMemoryAndReportsItsChecksum(int size)
    {
        EnableMsi();

        await StartTransferAsync(PciEpfTestCommand.Write, 0, DestinationBuffer, size, checksum: 0);

        uint hostChecksum = PciEpfTestDevice.Checksum(_host.ReadHostMemory(DestinationBuffer, size));
        Assert.Equal(hostChecksum, ReadRegister(Register.Checksum));
        Assert.Equal(PciEpfTestStatus.WriteSuccess | PciEpfTestStatus.IrqRaised, Status());
        Assert.Equal([(HostHarness.MsiWindow, MsiData)], _host.MessageInterrupts);
    }

    [Theory]
    [MemberData(nameof(TransferSizes))]
    public async Task CopyCommandCopiesHostMemory(int size)
    {
        EnableMsi();
        byte[] data = RandomBytes(size);
        _host.WriteHostMemory(SourceBuffer, data);

        await StartTransferAsync(PciEpfTestCommand.Copy, SourceBuffer, DestinationBuffer, size, checksum: 0);

        Assert.Equal(data, _host.ReadHostMemory(DestinationBuffer, size));
        Assert.Equal(PciEpfTestStatus.CopySuccess | PciEpfTestStatus.IrqRaised, Status());
        Assert.Equal([(HostHarness.MsiWindow, MsiData)], _host.MessageInterrupts);
    }

    [Fact]
    public async Task BuffersAbove4GiBUseTheUpperAddressRegisters()
    {
        EnableMsi();
        const ulong high = 0x1_2345_6000;
        byte[] data = RandomBytes(5000);
        _host.WriteHostMemory(high, data);

        await StartTransferAsync(PciEpfTestCommand.Copy, high, high + 0x10_0000, data.Length, checksum: 0);

        Assert.Equal(data, _host.ReadHostMemory(high + 0x10_0000, data.Length));
    }

    [Fact]
    public async Task LargeReadIsSplitIntoRequestsOfAtMostMaxReadRequestSize()
    {
        EnableMsi();

        await StartTransferAsync(PciEpfTestCommand.Read, SourceBuffer, 0, 1_024_001, checksum: 0);

        // Max_Read_Request_Size resets to 512 bytes: 1 024 001 bytes from a 4 KiB-aligned buffer take 2001 MRd,
        // far more than the 256 8-bit Tags, so Tags must come back as each request completes.
        Assert.Equal(2001, _host.DmaReadRequests);
        Assert.Single(_host.MessageInterrupts);
    }

    [Fact]
    public async Task ReadFromAnUnmappedAddressFailsWithSourceAddressInvalidAndStillInterrupts()
    {
        EnableMsi();
        _host.MarkUnmapped(UnmappedBuffer, 0x10_0000);

        await StartTransferAsync(PciEpfTestCommand.Read, UnmappedBuffer, 0, 1024, checksum: 0);

        Assert.Equal(PciEpfTestStatus.ReadFail | PciEpfTestStatus.SourceAddressInvalid | PciEpfTestStatus.IrqRaised, Status());
        Assert.Equal([(HostHarness.MsiWindow, MsiData)], _host.MessageInterrupts);
    }

    [Fact]
    public async Task CopyFromAnUnmappedAddressFailsWithoutWritingAndStillInterrupts()
    {
        EnableMsi();
        _host.MarkUnmapped(UnmappedBuffer, 0x10_0000);
        _host.WriteHostMemory(DestinationBuffer, [0x77]);

        await StartTransferAsync(PciEpfTestCommand.Copy, UnmappedBuffer, DestinationBuffer, 1_024_001, checksum: 0);

        Assert.Equal(PciEpfTestStatus.CopyFail | PciEpfTestStatus.SourceAddressInvalid | PciEpfTestStatus.IrqRaised, Status());
        Assert.Equal([0x77], _host.ReadHostMemory(DestinationBuffer, 1));
        Assert.Single(_host.MessageInterrupts);
    }

    [Fact]
    public async Task WriteWithBusMasterDisabledFailsWithDestinationAddressInvalidAndStillInterrupts()
    {
        EnableMsi();
        _host.ConfigWrite(CommandRegister, MemorySpaceAndBusMaster & ~4u);

        await StartTransferAsync(PciEpfTestCommand.Write, 0, DestinationBuffer, 1024, checksum: 0);

        Assert.Equal(PciEpfTestStatus.WriteFail | PciEpfTestStatus.DestinationAddressInvalid | PciEpfTestStatus.IrqRaised, Status());
        Assert.Equal(new byte[1024], _host.ReadHostMemory(DestinationBuffer, 1024));
        Assert.Single(_host.MessageInterrupts);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(PciEpfTestDevice.MaxTransferSize + 1u)]
    public async Task SizeOutOfRangeFailsAndStillInterrupts(uint size)
    {
        EnableMsi();

        await StartTransferAsync(PciEpfTestCommand.Read, SourceBuffer, 0, (int)size, checksum: 0);

        Assert.Equal(PciEpfTestStatus.ReadFail | PciEpfTestStatus.IrqRaised, Status());
        Assert.Single(_host.MessageInterrupts);
        Assert.Equal(0, _host.DmaReadRequests);
    }

    [Fact]
    public async Task TransferCompletionCanBeAnIntxPulse()
    {
        byte[] data = RandomBytes(1025);
        _host.WriteHostMemory(SourceBuffer, data);
        SelectInterrupt(PciEpfTestIrqType.Intx, 1);

        await StartTransferAsync(PciEpfTestCommand.Read, SourceBuffer, 0, data.Length, PciEpfTestDevice.Checksum(data), PciEpfTestIrqType.Intx);

        Assert.Equal(PciEpfTestStatus.ReadSuccess | PciEpfTestStatus.IrqRaised, Status());
        Assert.Equal([Tlp.MessageCode.AssertIntA, Tlp.MessageCode.DeassertIntA], _host.IntxMessages);
    }

    [Fact]
    public async Task UseDmaFlagChangesNothing()
    {
        EnableMsi();
        byte[] data = RandomBytes(1024);
        _host.WriteHostMemory(SourceBuffer, data);
        WriteRegister(Register.Flags, 1);

        await StartTransferAsync(PciEpfTestCommand.Copy, SourceBuffer, DestinationBuffer, data.Length, checksum: 0);

        Assert.Equal(PciEpfTestStatus.CopySuccess | PciEpfTestStatus.IrqRaised, Status());
    }

    [Fact]
    public async Task InterruptHandlerFindsTheDataTheStatusAndTheChecksumInPlace()
    {
        EnableMsi();
        (PciEpfTestStatus Status, uint Register, uint Host)? seen = null;
        _host.OnMessageInterrupt = (_, _) =>
            seen = (Status(), ReadRegister(Register.Checksum), PciEpfTestDevice.Checksum(_host.ReadHostMemory(DestinationBuffer, 4096)));

        await StartTransferAsync(PciEpfTestCommand.Write, 0, DestinationBuffer, 4096, checksum: 0);

        Assert.NotNull(seen);
        Assert.Equal(PciEpfTestStatus.WriteSuccess | PciEpfTestStatus.IrqRaised, seen.Value.Status);
        Assert.Equal(seen.Value.Host, seen.Value.Register);
    }

    // The host driver's sequence: CHECKSUM, SRC, DST, SIZE, FLAGS, IRQ_TYPE, IRQ_NUMBER 1, then COMMAND.
    private Task StartTransferAsync(PciEpfTestCommand command, ulong source, ulong destination, int size, uint checksum, PciEpfTestIrqType irqType = PciEpfTestIrqType.Msi)
    {
        WriteRegister(Register.Checksum, checksum);
        WriteRegister(Register.SourceAddressLow, (uint)source);
        WriteRegister(Register.SourceAddressHigh, (uint)(source >> 32));
        WriteRegister(Register.DestinationAddressLow, (uint)destination);
        WriteRegister(Register.DestinationAddressHigh, (uint)(destination >> 32));
        WriteRegister(Register.Size, (uint)size);
        SelectInterrupt(irqType, 1);
        Command(command);
        return _device.LastTransfer;
    }

    private static byte[] RandomBytes(int size)
    {
        byte[] data = new byte[size];
        new Random(size).NextBytes(data);
        return data;
    }
}
