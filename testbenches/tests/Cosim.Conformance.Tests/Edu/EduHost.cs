using Cosim.Testbench;
using Cosim.Testbench.Enumeration;

namespace Cosim.Conformance.Tests.Edu;

/// <summary>QEMU's edu device (docs/specs/edu.rst) as a driver sees it: its BAR0 registers and bits.</summary>
internal sealed class EduHost : IAsyncDisposable
{
    public const ushort VendorId = 0x1234;
    public const ushort DeviceId = 0x11E8;
    public const ulong DmaBuffer = 0x40000;
    public const int DmaBufferSize = 4096;

    private EduHost(RootComplex rootComplex)
    {
        Rc = rootComplex;
        Bar0 = rootComplex.Function.GetBar(0);
    }

    public RootComplex Rc { get; }

    public Bar Bar0 { get; }

    public static async Task<EduHost> StartAsync(DeviceImplementation implementation)
    {
        RootComplex rc = await RootComplex.StartAsync(implementation.Create());
        Assert.Equal((VendorId, DeviceId), (rc.Function.VendorId, rc.Function.DeviceId));
        return new EduHost(rc);
    }

    public Task<uint> ReadAsync(ulong offset) => Bar0.ReadUInt32Async(offset);

    public Task WriteAsync(ulong offset, uint value) => Bar0.WriteUInt32Async(offset, value);

    public Task WriteAsync(ulong offset, ulong value) => Bar0.WriteUInt64Async(offset, value);

    /// <summary>Programs a DMA and starts it with an interrupt at the end, as edu.rst describes.</summary>
    public async Task RunDmaAsync(ulong source, ulong destination, ulong count, bool toHost)
    {
        await WriteAsync(Register.DmaSource, source);
        await WriteAsync(Register.DmaDestination, destination);
        await WriteAsync(Register.DmaCount, count);
        await WriteAsync(Register.DmaCommand, DmaCommand.Start | DmaCommand.RaiseInterrupt | (toHost ? DmaCommand.ToHost : 0UL));
    }

    public ValueTask DisposeAsync() => Rc.DisposeAsync();

    /// <summary>BAR0 offsets.</summary>
    public static class Register
    {
        public const ulong Identification = 0x00;
        public const ulong Liveness = 0x04;
        public const ulong Factorial = 0x08;
        public const ulong Status = 0x20;
        public const ulong InterruptStatus = 0x24;
        public const ulong InterruptRaise = 0x60;
        public const ulong InterruptAcknowledge = 0x64;
        public const ulong DmaSource = 0x80;
        public const ulong DmaDestination = 0x88;
        public const ulong DmaCount = 0x90;
        public const ulong DmaCommand = 0x98;
    }

    /// <summary>Status register (20h) bits.</summary>
    public static class StatusBit
    {
        public const uint Computing = 0x01;
        public const uint RaiseInterruptOnFactorial = 0x80;
    }

    /// <summary>Interrupt status values of the device's own events.</summary>
    public static class Interrupt
    {
        public const uint Factorial = 0x001;
        public const uint Dma = 0x100;
    }

    /// <summary>DMA command register (98h) bits.</summary>
    public static class DmaCommand
    {
        public const ulong Start = 0x1;
        public const ulong ToHost = 0x2;
        public const ulong RaiseInterrupt = 0x4;
    }
}
