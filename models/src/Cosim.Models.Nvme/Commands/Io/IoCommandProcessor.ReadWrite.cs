using System.Buffers;
using Cosim.Device.Dma;
using Cosim.Models.Nvme.Prp;
using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme.Commands.Io;

/// <summary>Read and Write (NVMe Base 1.4 §6.9, §6.14).</summary>
/// <remarks>
/// <code>
/// CDW10: SLBA[31:0]     CDW11: SLBA[63:32]
/// CDW12: LR[31] FUA[30] PRINFO[29:26] DTYPE[23:20] NLB[15:0] (0's based)
/// CDW13: DSM (hints, ignored)     PRP1/PRP2: the data buffer
/// </code>
/// The namespace has no protection information: PRINFO is ignored. A transfer larger than MDTS is Invalid Field in
/// Command; a range past the namespace is LBA Out of Range; a DMA of the buffer that fails is Data Transfer Error.
/// </remarks>
internal sealed partial class IoCommandProcessor
{
    private const uint BlockCountMask = 0xFFFF;
    private const uint ForceUnitAccessBit = 1u << 30;

    private async ValueTask<CommandResult> ReadAsync(SubmissionQueueEntry command, CancellationToken cancellationToken)
    {
        if (!TryGetRange(command, out ulong startingLba, out int length, out NvmeStatus invalid))
        {
            return invalid;
        }

        using PrpList buffer = await PrpList.ResolveAsync(_session.Services.Host, command.Prp1, command.Prp2, length, _session.PageSize, cancellationToken).ConfigureAwait(false);
        if (buffer.Status != NvmeStatus.Success)
        {
            return buffer.Status;
        }

        try
        {
            if (await TryReadInPlaceAsync(buffer, ByteOffset(startingLba), cancellationToken).ConfigureAwait(false) is { } inPlace)
            {
                if (inPlace == NvmeStatus.Success)
                {
                    _counters.CountRead(length);
                }

                return inPlace;
            }
        }
        catch (IOException exception)
        {
            NvmeLog.StoreFailed(_session.Services.Logger, exception, "read", _store.Path, ByteOffset(startingLba), length);
            _counters.CountMediaError();
            return NvmeStatus.UnrecoveredReadError;
        }

        byte[] data = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            try
            {
                await _store.ReadAsync(ByteOffset(startingLba), data.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                NvmeLog.StoreFailed(_session.Services.Logger, exception, "read", _store.Path, ByteOffset(startingLba), length);
                _counters.CountMediaError();
                return NvmeStatus.UnrecoveredReadError;
            }

            cancellationToken.ThrowIfCancellationRequested();
            NvmeStatus status = await buffer.WriteToHostAsync(_session.Services.Host, data.AsMemory(0, length)).ConfigureAwait(false);
            if (status == NvmeStatus.Success)
            {
                _counters.CountRead(length);
            }

            return status;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    private async ValueTask<CommandResult> WriteAsync(SubmissionQueueEntry command, CancellationToken cancellationToken)
    {
        if (!TryGetRange(command, out ulong startingLba, out int length, out NvmeStatus invalid))
        {
            return invalid;
        }

        using PrpList buffer = await PrpList.ResolveAsync(_session.Services.Host, command.Prp1, command.Prp2, length, _session.PageSize, cancellationToken).ConfigureAwait(false);
        if (buffer.Status != NvmeStatus.Success)
        {
            return buffer.Status;
        }

        byte[] data = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            NvmeStatus status = await buffer.ReadFromHostAsync(_session.Services.Host, data.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            if (status != NvmeStatus.Success)
            {
                return status;
            }

            // A reset cancelled the command: it will never be acknowledged, so the file keeps its old contents.
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await _store.WriteAsync(ByteOffset(startingLba), data.AsMemory(0, length)).ConfigureAwait(false);
                await SyncIfRequiredAsync((command.Dword12 & ForceUnitAccessBit) != 0).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                NvmeLog.StoreFailed(_session.Services.Logger, exception, "write", _store.Path, ByteOffset(startingLba), length);
                _counters.CountMediaError();
                return NvmeStatus.WriteFault;
            }

            _counters.CountWrite(length);
            return CommandResult.Success;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    // Reads the file straight into the host buffer where the DMA engine can write host memory in place (shared guest
    // RAM: one copy, as QEMU's own device does); null when the first segment cannot be, and the caller goes through a
    // buffer. A later segment that cannot be goes through a buffer of its own.
    private async ValueTask<NvmeStatus?> TryReadInPlaceAsync(PrpList buffer, long offset, CancellationToken cancellationToken)
    {
        IHostMemory host = _session.Services.Host;
        for (int i = 0; i < buffer.Segments.Length; i++)
        {
            DataSegment segment = buffer.Segments[i];
            cancellationToken.ThrowIfCancellationRequested();
            if (host.TryWriteInPlace(segment.Address, segment.Length, (_store, offset), static (span, state) => state._store.Read(state.offset, span)))
            {
                offset += segment.Length;
                continue;
            }

            if (i == 0)
            {
                return null;
            }

            byte[] data = ArrayPool<byte>.Shared.Rent(segment.Length);
            try
            {
                _store.Read(offset, data.AsSpan(0, segment.Length));
                if (await host.WriteAsync(segment.Address, data.AsMemory(0, segment.Length)).ConfigureAwait(false) != DmaStatus.Success)
                {
                    return NvmeStatus.DataTransferError;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(data);
            }

            offset += segment.Length;
        }

        return NvmeStatus.Success;
    }

    private bool TryGetRange(SubmissionQueueEntry command, out ulong startingLba, out int length, out NvmeStatus invalid)
    {
        startingLba = ((ulong)command.Dword11 << 32) | command.Dword10;
        int blocks = (int)(command.Dword12 & BlockCountMask) + 1;
        length = blocks * Profile.LogicalBlockSize;
        invalid = NvmeStatus.Success;
        if (!IsInRange(startingLba, (ulong)blocks))
        {
            invalid = NvmeStatus.LbaOutOfRange;
        }
        else if (length > ControllerProfile.MaxTransferBytes)
        {
            invalid = NvmeStatus.InvalidFieldInCommand;
        }

        return invalid == NvmeStatus.Success;
    }
}
