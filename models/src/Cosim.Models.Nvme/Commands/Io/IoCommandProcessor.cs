using Cosim.Models.Nvme.Queues;
using Cosim.Models.Nvme.Storage;

namespace Cosim.Models.Nvme.Commands.Io;

/// <summary>
/// The NVM command set (NVMe Base 1.4 §6) on the namespace file: Read, Write, Flush, Write Zeroes and Dataset
/// Management. A write completes only after the file holds its data; with FUA, or with the volatile write cache
/// disabled, only after fsync. Commands of one queue run concurrently (reads of the file are synchronous, see
/// <see cref="NamespaceStore.ReadAsync"/>); the host orders what it needs ordered.
/// </summary>
internal sealed partial class IoCommandProcessor : ICommandProcessor
{
    private readonly ControllerSession _session;
    private readonly NamespaceStore _store;
    private readonly HealthCounters _counters;

    public IoCommandProcessor(ControllerSession session, NamespaceStore store, HealthCounters counters)
    {
        _session = session;
        _store = store;
        _counters = counters;
    }

    private ControllerProfile Profile => _session.Profile;

    public ValueTask<CommandResult> ExecuteAsync(SubmissionQueueEntry command, SubmissionQueue queue, CancellationToken cancellationToken)
    {
        var opcode = (IoOpcode)command.Opcode;
        if (opcode is not (IoOpcode.Flush or IoOpcode.Write or IoOpcode.Read or IoOpcode.WriteZeroes or IoOpcode.DatasetManagement))
        {
            return new(NvmeStatus.InvalidCommandOpcode);
        }

        if (command.FusedOperation != 0 || command.DataTransfer != 0)
        {
            return new(NvmeStatus.InvalidFieldInCommand);
        }

        bool broadcastFlush = opcode == IoOpcode.Flush && command.NamespaceId == ControllerProfile.BroadcastNamespaceId;
        if (command.NamespaceId != ControllerProfile.NamespaceId && !broadcastFlush)
        {
            return new(NvmeStatus.InvalidNamespaceOrFormat);
        }

        return opcode switch
        {
            IoOpcode.Read => ReadAsync(command, cancellationToken),
            IoOpcode.Write => WriteAsync(command, cancellationToken),
            IoOpcode.Flush => FlushAsync(),
            IoOpcode.WriteZeroes => WriteZeroesAsync(command),
            _ => DatasetManagementAsync(command, cancellationToken),
        };
    }

    // LBA range check (§6.15.2): "LBA Out of Range: the command references an LBA that exceeds the size of the namespace".
    private bool IsInRange(ulong startingLba, ulong blocks) =>
        startingLba < (ulong)Profile.BlockCount && blocks <= (ulong)Profile.BlockCount - startingLba;

    private long ByteOffset(ulong lba) => (long)lba * Profile.LogicalBlockSize;

    private async ValueTask<CommandResult> FlushAsync()
    {
        try
        {
            await Task.Run(_store.FlushToDisk).ConfigureAwait(false);
            return CommandResult.Success;
        }
        catch (IOException exception)
        {
            NvmeLog.StoreFailed(_session.Services.Logger, exception, "flush", _store.Path, 0, 0);
            _counters.CountMediaError();
            return NvmeStatus.WriteFault;
        }
    }

    // After a write: FUA or a disabled volatile write cache means the data must be on stable storage before the completion.
    private Task SyncIfRequiredAsync(bool forceUnitAccess) =>
        forceUnitAccess || !_session.Features.VolatileWriteCacheEnabled ? Task.Run(_store.FlushToDisk) : Task.CompletedTask;
}
