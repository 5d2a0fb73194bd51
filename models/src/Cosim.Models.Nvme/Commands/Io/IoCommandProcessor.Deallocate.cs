using System.Buffers;
using System.Buffers.Binary;
using Cosim.Models.Nvme.Prp;
using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme.Commands.Io;

/// <summary>Write Zeroes and Dataset Management (NVMe Base 1.4 §6.16, §6.7).</summary>
/// <remarks>
/// <code>
/// Write Zeroes        CDW10/11: SLBA   CDW12: LR[31] FUA[30] PRINFO[29:26] DEAC[25] NLB[15:0] (0's based)
/// Dataset Management  CDW10: NR[7:0] (ranges, 0's based)   CDW11: AD[2] IDW[1] IDR[0]   PRP1/PRP2: the ranges
///
/// Range (16 bytes):   bytes 3:0 Context Attributes   7:4 Length in logical blocks   15:8 Starting LBA
/// </code>
/// Both make the blocks read as zeros (DLFEAT 001b) by punching holes in the file. Write Zeroes transfers no data,
/// so MDTS does not limit it. Dataset Management without AD is a hint and changes nothing; with AD every range is
/// checked before any is deallocated.
/// </remarks>
internal sealed partial class IoCommandProcessor
{
    private const int RangeBytes = 16;
    private const uint RangeCountMask = 0xFF;
    private const uint AttributeDeallocateBit = 1 << 2;

    private async ValueTask<CommandResult> WriteZeroesAsync(SubmissionQueueEntry command)
    {
        ulong startingLba = ((ulong)command.Dword11 << 32) | command.Dword10;
        ulong blocks = (command.Dword12 & BlockCountMask) + 1;
        if (!IsInRange(startingLba, blocks))
        {
            return NvmeStatus.LbaOutOfRange;
        }

        long length = (long)blocks * Profile.LogicalBlockSize;
        try
        {
            await _store.DeallocateAsync(ByteOffset(startingLba), length).ConfigureAwait(false);
            await SyncIfRequiredAsync((command.Dword12 & ForceUnitAccessBit) != 0).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            NvmeLog.StoreFailed(_session.Services.Logger, exception, "write zeroes", _store.Path, ByteOffset(startingLba), length);
            _counters.CountMediaError();
            return NvmeStatus.WriteFault;
        }

        return CommandResult.Success;
    }

    private async ValueTask<CommandResult> DatasetManagementAsync(SubmissionQueueEntry command, CancellationToken cancellationToken)
    {
        int ranges = (int)(command.Dword10 & RangeCountMask) + 1;
        int length = ranges * RangeBytes;
        using PrpList buffer = await PrpList.ResolveAsync(_session.Services.Host, command.Prp1, command.Prp2, length, _session.PageSize, cancellationToken).ConfigureAwait(false);
        if (buffer.Status != NvmeStatus.Success)
        {
            return buffer.Status;
        }

        byte[] data = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            NvmeStatus status = await buffer.ReadFromHostAsync(_session.Services.Host, data.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            if (status != NvmeStatus.Success || (command.Dword11 & AttributeDeallocateBit) == 0)
            {
                return status;
            }

            for (int i = 0; i < ranges; i++)
            {
                (ulong start, uint blocks) = ReadRange(data, i);
                if (blocks != 0 && !IsInRange(start, blocks))
                {
                    return NvmeStatus.LbaOutOfRange;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < ranges; i++)
            {
                (ulong start, uint blocks) = ReadRange(data, i);
                try
                {
                    await _store.DeallocateAsync(ByteOffset(start), (long)blocks * Profile.LogicalBlockSize).ConfigureAwait(false);
                }
                catch (IOException exception)
                {
                    NvmeLog.StoreFailed(_session.Services.Logger, exception, "deallocate", _store.Path, ByteOffset(start), (long)blocks * Profile.LogicalBlockSize);
                    _counters.CountMediaError();
                    return NvmeStatus.WriteFault;
                }
            }

            return CommandResult.Success;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    private static (ulong StartingLba, uint Blocks) ReadRange(byte[] data, int index)
    {
        ReadOnlySpan<byte> range = data.AsSpan(index * RangeBytes, RangeBytes);
        return (BinaryPrimitives.ReadUInt64LittleEndian(range[8..]), BinaryPrimitives.ReadUInt32LittleEndian(range[4..]));
    }
}
