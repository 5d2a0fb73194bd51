using Cosim.Models.Edu;
using Cosim.Tlp;

namespace Cosim.Models.Tests.Edu;

public sealed partial class EduDeviceTests
{
    private const ulong HostBuffer = 0x0123_4000; // below 256 MiB: inside edu's default 28-bit DMA mask
    private const uint FromRam = 0x1;
    private const uint ToRam = 0x3;
    private const uint RaiseOnDone = 0x4;

    [Fact]
    public async Task DmaRoundTripOfEduRstExampleMovesHostDataThroughTheBuffer()
    {
        // docs/specs/edu.rst: addr -> 0x40000, 100 bytes, command 1; then 0x40000 -> addr + 100, command 3.
        byte[] data = Enumerable.Range(0, 100).Select(i => (byte)(i * 3)).ToArray();
        _host.WriteHostMemory(HostBuffer, data);

        await StartDmaAsync(HostBuffer, EduDevice.DmaBufferAddress, 100, FromRam);
        uint commandAfterFirst = Read32(Register.DmaCommand);
        await StartDmaAsync(EduDevice.DmaBufferAddress, HostBuffer + 100, 100, ToRam);

        Assert.Equal(0u, commandAfterFirst); // start bit cleared: the transfer is done
        Assert.Equal(data, _device.DmaBufferSnapshot()[..100]);
        Assert.Equal(data, _host.ReadHostMemory(HostBuffer + 100, 100));
        Assert.Equal(0x2u, Read32(Register.DmaCommand)); // direction bit kept
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 4096)] // the whole buffer
    [InlineData(0xFFF, 1)] // its last byte
    [InlineData(0x123, 1000)]
    public async Task DmaReachesEveryPartOfTheBuffer(int bufferOffset, int count)
    {
        byte[] data = Enumerable.Range(0, count).Select(i => (byte)(i + 7)).ToArray();
        _host.WriteHostMemory(HostBuffer, data);

        await StartDmaAsync(HostBuffer, EduDevice.DmaBufferAddress + (ulong)bufferOffset, (ulong)count, FromRam);
        await StartDmaAsync(EduDevice.DmaBufferAddress + (ulong)bufferOffset, HostBuffer + 0x2000, (ulong)count, ToRam);

        Assert.Equal(data, _host.ReadHostMemory(HostBuffer + 0x2000, count));
    }

    [Fact]
    public async Task DmaWithTheInterruptBitRaisesInterrupt0x100()
    {
        EnableMsi();

        await StartDmaAsync(HostBuffer, EduDevice.DmaBufferAddress, 16, FromRam | RaiseOnDone);

        Assert.Equal(EduDevice.DmaInterrupt, Read32(Register.InterruptStatus));
        Assert.Equal([(HostHarness.MsiWindow, MsiData)], _host.MessageInterrupts);
        Assert.Equal(RaiseOnDone, Read32(Register.DmaCommand));
    }

    [Fact]
    public async Task HostAddressesAreMaskedTo28Bits()
    {
        byte[] data = [1, 2, 3, 4];
        _host.WriteHostMemory(0x0345_6000, data); // 0x1_2345_6000 & 0x0FFF_FFFF

        await StartDmaAsync(0x1_2345_6000, EduDevice.DmaBufferAddress, 4, FromRam);

        Assert.Equal(data, _device.DmaBufferSnapshot()[..4]);
        Assert.Equal(0x1_2345_6000ul, Read64(Register.DmaSource)); // the register keeps what was written
    }

    [Fact]
    public async Task DmaMaskPropertyWidensTheAddress()
    {
        var device = new EduDevice(dmaMask: ulong.MaxValue, dmaStartDelay: TimeSpan.Zero);
        var host = new HostHarness(device);
        host.ConfigWrite(0x10, (uint)Bar0);
        host.ConfigWrite(CommandRegister, MemorySpaceAndBusMaster);
        host.WriteHostMemory(0x1_2345_6000, [9, 8, 7]);

        host.MemoryWrite64(Bar0 + Register.DmaSource, 0x1_2345_6000);
        host.MemoryWrite64(Bar0 + Register.DmaDestination, EduDevice.DmaBufferAddress);
        host.MemoryWrite64(Bar0 + Register.DmaCount, 3);
        host.MemoryWrite32(Bar0 + Register.DmaCommand, FromRam);
        await device.LastDma;

        Assert.Equal([9, 8, 7], device.DmaBufferSnapshot()[..3]);
    }

    [Fact]
    public async Task RunningTransferFreezesItsRegistersAndReadsStartBitSet()
    {
        _device.WorkScheduler = _scheduler;
        _host.WriteHostMemory(HostBuffer, [0xAA, 0xBB]);
        Write64(Register.DmaSource, HostBuffer);
        Write64(Register.DmaDestination, EduDevice.DmaBufferAddress);
        Write64(Register.DmaCount, 2);

        Write32(Register.DmaCommand, FromRam);
        uint commandWhileRunning = Read32(Register.DmaCommand);
        Write64(Register.DmaSource, 0x999);
        Write64(Register.DmaCount, 1);
        Write32(Register.DmaCommand, ToRam | RaiseOnDone);
        ulong sourceWhileRunning = Read64(Register.DmaSource);
        ulong countWhileRunning = Read64(Register.DmaCount);
        uint commandAfterSecondWrite = Read32(Register.DmaCommand);
        _scheduler.RunAll();
        await _device.LastDma;

        Assert.Equal(FromRam, commandWhileRunning);
        Assert.Equal(HostBuffer, sourceWhileRunning);
        Assert.Equal(2ul, countWhileRunning);
        Assert.Equal(FromRam, commandAfterSecondWrite);
        Assert.Equal(0u, Read32(Register.DmaCommand));
        Assert.Equal([0xAA, 0xBB], _device.DmaBufferSnapshot()[..2]);
    }

    [Fact]
    public void CommandWithoutTheStartBitIsIgnored()
    {
        _device.WorkScheduler = _scheduler;

        Write32(Register.DmaCommand, 0x6); // direction and interrupt, no start

        Assert.Equal(0u, Read32(Register.DmaCommand));
        Assert.Equal(0, _scheduler.Pending);
    }

    [Fact]
    public async Task QwordCommandKeepsItsUpperBitsAfterTheTransfer()
    {
        Write64(Register.DmaSource, EduDevice.DmaBufferAddress);
        Write64(Register.DmaDestination, HostBuffer);
        Write64(Register.DmaCount, 8);

        Write64(Register.DmaCommand, 0xFF00_0000_0000_0003);
        await _device.LastDma;

        Assert.Equal(0xFF00_0000_0000_0002ul, Read64(Register.DmaCommand));
    }

    [Theory]
    [InlineData(0x3_F000, 16)] // below the buffer
    [InlineData(0x4_0FF8, 16)] // runs past its end
    [InlineData(0x4_0000, 4097)]
    [InlineData(0xFFFF_FFFF_FFFF_FFF0, 0x20)] // wraps around
    public async Task TransferOutsideTheBufferMovesNothingButCompletes(ulong bufferSide, ulong count)
    {
        _host.WriteHostMemory(HostBuffer, Enumerable.Repeat((byte)0x5A, 32).ToArray());

        await StartDmaAsync(HostBuffer, bufferSide, count, FromRam | RaiseOnDone);
        await StartDmaAsync(bufferSide, HostBuffer + 0x1000, count, ToRam);

        Assert.Equal(new byte[EduDevice.DmaBufferSize], _device.DmaBufferSnapshot());
        Assert.Equal(new byte[32], _host.ReadHostMemory(HostBuffer + 0x1000, 32));
        Assert.Equal(EduDevice.DmaInterrupt, Read32(Register.InterruptStatus));
        Assert.Equal(0x2u, Read32(Register.DmaCommand));
    }

    [Fact]
    public async Task ZeroCountTransferCompletes()
    {
        await StartDmaAsync(HostBuffer, EduDevice.DmaBufferAddress, 0, FromRam | RaiseOnDone);

        Assert.Equal(RaiseOnDone, Read32(Register.DmaCommand));
        Assert.Equal(EduDevice.DmaInterrupt, Read32(Register.InterruptStatus));
    }

    [Fact]
    public async Task DmaReadOfUnmappedHostMemoryFillsTheBufferWithZeros()
    {
        _host.WriteHostMemory(HostBuffer, Enumerable.Repeat((byte)0x33, 64).ToArray());
        await StartDmaAsync(HostBuffer, EduDevice.DmaBufferAddress, 64, FromRam);
        _host.MarkUnmapped(0x0800_0000, 0x1000);

        await StartDmaAsync(0x0800_0000, EduDevice.DmaBufferAddress, 64, FromRam | RaiseOnDone);

        Assert.Equal(new byte[64], _device.DmaBufferSnapshot()[..64]);
        Assert.Equal(EduDevice.DmaInterrupt, Read32(Register.InterruptStatus));
        Assert.Equal([MessageCode.AssertIntA], _host.IntxMessages);
    }

    [Fact]
    public async Task DmaWithBusMasterDisabledReadsZerosAndWritesNothing()
    {
        _host.WriteHostMemory(HostBuffer, [0x44]);
        await StartDmaAsync(HostBuffer, EduDevice.DmaBufferAddress, 1, FromRam);
        _host.ConfigWrite(CommandRegister, MemorySpaceAndBusMaster & ~4u);

        await StartDmaAsync(EduDevice.DmaBufferAddress, HostBuffer + 1, 1, ToRam);
        await StartDmaAsync(HostBuffer, EduDevice.DmaBufferAddress, 1, FromRam);

        Assert.Equal([0x44, 0x00], _host.ReadHostMemory(HostBuffer, 2));
        Assert.Equal(0x00, _device.DmaBufferSnapshot()[0]);
    }

    // edu.rst's sequence: source, destination, count, command; then wait for the start bit to clear.
    private Task StartDmaAsync(ulong source, ulong destination, ulong count, uint command)
    {
        Write64(Register.DmaSource, source);
        Write64(Register.DmaDestination, destination);
        Write64(Register.DmaCount, count);
        Write32(Register.DmaCommand, command);
        return _device.LastDma;
    }
}
