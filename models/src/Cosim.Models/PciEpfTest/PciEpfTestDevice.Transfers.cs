using System.Buffers;
using System.IO.Hashing;
using Cosim.Device.Dma;

namespace Cosim.Models.PciEpfTest;

/// <summary>READ, WRITE and COPY: DMA between host memory and the function, with the host driver's checksum.</summary>
/// <remarks>
/// The host waits for these with no timeout, in an uninterruptible sleep, holding its device mutex: every one ends
/// with an interrupt, whatever happened. A failed DMA read (UR, CA, timeout) or a refused transfer (Bus Master
/// Enable clear) sets the command's FAIL bit and SRC_ADDR_INVALID or DST_ADDR_INVALID. Posted DMA writes cannot
/// fail visibly. FLAGS.USE_DMA is a hint and changes nothing.
/// </remarks>
public sealed partial class PciEpfTestDevice
{
    private bool _transferRunning;
    private int _generation;

    /// <summary>
    /// The host driver's checksum, <c>crc32_le(~0, data, size)</c>: the reflected CRC-32 (polynomial EDB88320h)
    /// seeded with FFFFFFFFh and no final XOR, which is the bitwise NOT of the zlib/IEEE CRC-32.
    /// </summary>
    public static uint Checksum(ReadOnlySpan<byte> data) => ~Crc32.HashToUInt32(data);

    // Called with the gate held: latch the registers, then move the data in a task (DMA reads wait for completions,
    // which a register callback must never do).
    private void StartTransfer(PciEpfTestCommand command)
    {
        var transfer = new Transfer(
            command,
            (_sourceAddressHigh.Value << 32) | _sourceAddressLow.Value,
            (_destinationAddressHigh.Value << 32) | _destinationAddressLow.Value,
            _size.Value,
            (uint)_checksum.Value,
            _generation);
        _transferRunning = true;
        LastTransfer = Task.Run(() => RunTransferAsync(transfer));
    }

    private async Task RunTransferAsync(Transfer transfer)
    {
        TransferResult result;
        if (transfer.Size is 0 or > MaxTransferSize)
        {
            result = new TransferResult(FailStatus(transfer.Command), Checksum: null);
        }
        else
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent((int)transfer.Size);
            try
            {
                result = await MoveAsync(transfer, buffer.AsMemory(0, (int)transfer.Size)).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
            {
                // The link went away under the transfer. The host still gets its interrupt if anything is left to
                // deliver it: it waits for it with no timeout.
                PciEpfTestLog.TransferAborted(Logger, exception, transfer.Command, transfer.Size);
                result = new TransferResult(FailStatus(transfer.Command), Checksum: null);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        lock (Gate)
        {
            if (transfer.Generation != _generation)
            {
                // The function was reset while the transfer ran: nobody waits for it any more.
                return;
            }

            if (result.Checksum is uint checksum)
            {
                _checksum.Value = checksum;
            }

            _transferRunning = false;
            SetStatus(result.Status);
            if ((result.Status & FailStatus(transfer.Command)) != 0)
            {
                PciEpfTestLog.TransferFailed(Logger, transfer.Command, transfer.Size, transfer.SourceAddress, transfer.DestinationAddress, result.Status);
            }

            RaiseCompletionInterrupt();
        }
    }

    private async Task<TransferResult> MoveAsync(Transfer transfer, Memory<byte> data)
    {
        switch (transfer.Command)
        {
            case PciEpfTestCommand.Read:
            {
                // Host "write test": the data comes from the host; its checksum must match CHECKSUM.
                DmaStatus status = await Dma.ReadAsync(transfer.SourceAddress, data).ConfigureAwait(false);
                if (status != DmaStatus.Success)
                {
                    return new TransferResult(PciEpfTestStatus.ReadFail | PciEpfTestStatus.SourceAddressInvalid, Checksum: null);
                }

                bool match = Checksum(data.Span) == transfer.ExpectedChecksum;
                return new TransferResult(match ? PciEpfTestStatus.ReadSuccess : PciEpfTestStatus.ReadFail, Checksum: null);
            }

            case PciEpfTestCommand.Write:
            {
                // Host "read test": random data to the host; the host compares its checksum with CHECKSUM.
                Random.Shared.NextBytes(data.Span);
                uint checksum = Checksum(data.Span);
                DmaStatus status = await Dma.WriteAsync(transfer.DestinationAddress, data).ConfigureAwait(false);
                return status == DmaStatus.Success
                    ? new TransferResult(PciEpfTestStatus.WriteSuccess, checksum)
                    : new TransferResult(PciEpfTestStatus.WriteFail | PciEpfTestStatus.DestinationAddressInvalid, checksum);
            }

            default:
            {
                DmaStatus status = await Dma.ReadAsync(transfer.SourceAddress, data).ConfigureAwait(false);
                if (status != DmaStatus.Success)
                {
                    return new TransferResult(PciEpfTestStatus.CopyFail | PciEpfTestStatus.SourceAddressInvalid, Checksum: null);
                }

                status = await Dma.WriteAsync(transfer.DestinationAddress, data).ConfigureAwait(false);
                return status == DmaStatus.Success
                    ? new TransferResult(PciEpfTestStatus.CopySuccess, Checksum: null)
                    : new TransferResult(PciEpfTestStatus.CopyFail | PciEpfTestStatus.DestinationAddressInvalid, Checksum: null);
            }
        }
    }

    private static PciEpfTestStatus FailStatus(PciEpfTestCommand command) => command switch
    {
        PciEpfTestCommand.Read => PciEpfTestStatus.ReadFail,
        PciEpfTestCommand.Write => PciEpfTestStatus.WriteFail,
        _ => PciEpfTestStatus.CopyFail,
    };

    private readonly record struct Transfer(
        PciEpfTestCommand Command,
        ulong SourceAddress,
        ulong DestinationAddress,
        ulong Size,
        uint ExpectedChecksum,
        int Generation);

    private readonly record struct TransferResult(PciEpfTestStatus Status, uint? Checksum);
}
