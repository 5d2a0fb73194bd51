using Cosim.Device.Dma;
using Cosim.Device.Registers;

namespace Cosim.Models.Edu;

/// <summary>The DMA engine: source (0x80), destination (0x88), count (0x90), command (0x98) and the 4 KiB buffer.</summary>
/// <remarks>
/// A command write without the start bit, or while a transfer runs, changes nothing; so do writes to the three
/// address and count registers while it runs. A transfer moves count bytes between host memory (its address ANDed
/// with <see cref="DmaMask"/>) and the device buffer at <see cref="DmaBufferAddress"/>: direction 0 reads host memory
/// into the buffer, 1 writes the buffer to host memory. Then the start bit clears and, if bit 0x04 is set,
/// <see cref="DmaInterrupt"/> is raised. The buffer is reachable only by DMA: BAR0 reads of 40000h return all ones.
/// </remarks>
public sealed partial class EduDevice
{
    /// <summary>The device address of the DMA buffer.</summary>
    public const ulong DmaBufferAddress = 0x40000;

    /// <summary>Size of the DMA buffer.</summary>
    public const int DmaBufferSize = 4096;

    private const ulong StartBit = 1UL << (int)DmaCommandBit.Start;
    private const ulong DirectionBit = 1UL << (int)DmaCommandBit.Direction;
    private const ulong RaiseInterruptBit = 1UL << (int)DmaCommandBit.RaiseInterrupt;

    private readonly byte[] _dmaBuffer = new byte[DmaBufferSize];

    /// <summary>The last DMA started (tests await it instead of sleeping).</summary>
    internal Task LastDma { get; private set; } = Task.CompletedTask;

    /// <summary>A copy of the DMA buffer, for tests.</summary>
    internal byte[] DmaBufferSnapshot()
    {
        lock (Gate)
        {
            return (byte[])_dmaBuffer.Clone();
        }
    }

    private bool DmaRunning => (_dmaCommand.Value & StartBit) != 0;

    // A write to source, destination or count while the engine runs is dropped: put the old value back.
    private void KeepWhileDmaRuns(IValueField register, ulong previous)
    {
        if (DmaRunning)
        {
            register.Value = previous;
        }
    }

    // Called with the gate held, after the engine stored the value.
    private void OnDmaCommandWritten(ulong previous, ulong written)
    {
        if ((written & StartBit) == 0 || (previous & StartBit) != 0)
        {
            _dmaCommand.Value = previous;
            return;
        }

        var transfer = new DmaTransfer(
            _dmaSource.Value,
            _dmaDestination.Value,
            _dmaCount.Value,
            ToHost: (written & DirectionBit) != 0,
            _generation);
        LastDma = Task.Factory.StartNew(
            () => RunDmaAsync(transfer),
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            WorkScheduler).Unwrap();
    }

    private async Task RunDmaAsync(DmaTransfer transfer)
    {
        if (DmaStartDelay > TimeSpan.Zero)
        {
            await Task.Delay(DmaStartDelay).ConfigureAwait(false);
        }

        try
        {
            await MoveAsync(transfer).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
        {
            // The link went away under the transfer; it still completes, so a polling driver is not stuck.
            EduLog.DmaAborted(Logger, exception, transfer.Count);
        }

        lock (Gate)
        {
            if (transfer.Generation != _generation)
            {
                return;
            }

            _dmaCommand.Value &= ~StartBit;
            if ((_dmaCommand.Value & RaiseInterruptBit) != 0)
            {
                RaiseInterrupt(DmaInterrupt);
            }
        }
    }

    private async Task MoveAsync(DmaTransfer transfer)
    {
        // The buffer side must lie inside the buffer. QEMU only logs a range outside it (and then overruns its
        // buffer); here the transfer is skipped, logged once, and completes as usual.
        ulong bufferSide = transfer.ToHost ? transfer.Source : transfer.Destination;
        if (!TryGetBufferRange(bufferSide, transfer.Count, out int offset, out int length))
        {
            lock (Gate)
            {
                if (FirstTime(EduLog.DmaOutOfBufferEvent))
                {
                    EduLog.DmaOutOfBuffer(Logger, bufferSide, transfer.Count);
                }
            }

            return;
        }

        if (length == 0)
        {
            return;
        }

        if (transfer.ToHost)
        {
            byte[] outgoing = DmaBufferSnapshot().AsSpan(offset, length).ToArray();
            await Dma.WriteAsync(transfer.Destination & DmaMask, outgoing).ConfigureAwait(false);
            return;
        }

        byte[] incoming = new byte[length];
        DmaStatus status = await Dma.ReadAsync(transfer.Source & DmaMask, incoming).ConfigureAwait(false);
        if (status != DmaStatus.Success)
        {
            // QEMU reads unassigned memory (and a disabled bus master's) as zeros.
            Array.Clear(incoming);
            EduLog.DmaReadFailed(Logger, transfer.Source & DmaMask, length, status);
        }

        lock (Gate)
        {
            incoming.CopyTo(_dmaBuffer, offset);
        }
    }

    // QEMU's edu_check_range: the transfer [address, address + count) within [40000h, 41000h), with no wrap-around.
    private static bool TryGetBufferRange(ulong address, ulong count, out int offset, out int length)
    {
        ulong end = unchecked(address + count);
        bool inside = end >= address && address >= DmaBufferAddress && end <= DmaBufferAddress + DmaBufferSize;
        offset = inside ? (int)(address - DmaBufferAddress) : 0;
        length = inside ? (int)count : 0;
        return inside;
    }

    private readonly record struct DmaTransfer(ulong Source, ulong Destination, ulong Count, bool ToHost, int Generation);
}
