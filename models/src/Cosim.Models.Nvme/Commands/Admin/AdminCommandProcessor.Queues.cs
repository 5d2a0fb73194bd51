using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>Create and Delete I/O Submission and Completion Queue (NVMe Base 1.4 §5.3-§5.7).</summary>
/// <remarks>
/// <code>
/// Create I/O Completion Queue  CDW10: QSIZE[31:16] QID[15:0]   CDW11: IV[31:16] IEN[1] PC[0]   PRP1: base
/// Create I/O Submission Queue  CDW10: QSIZE[31:16] QID[15:0]   CDW11: CQID[31:16] QPRIO[2:1] PC[0]   PRP1: base
/// Delete I/O (either) Queue    CDW10: QID[15:0]
/// </code>
/// CAP.CQR is 1: queues must be physically contiguous, so PC = 0 is Invalid Field in Command. QSIZE is 0's based; 0
/// and anything above CAP.MQES are Invalid Queue Size. QID 0, one above the Number of Queues allocated, or one that
/// exists (create) or does not (delete) is Invalid Queue Identifier.
/// </remarks>
internal sealed partial class AdminCommandProcessor
{
    private const int QueueIdMask = 0xFFFF;
    private const int HighHalfShift = 16;
    private const uint PhysicallyContiguousBit = 1 << 0;
    private const uint InterruptsEnabledBit = 1 << 1;

    private CommandResult CreateCompletionQueue(SubmissionQueueEntry command)
    {
        int id = (int)(command.Dword10 & QueueIdMask);
        int size = (int)(command.Dword10 >> HighHalfShift) + 1;
        bool interruptsEnabled = (command.Dword11 & InterruptsEnabledBit) != 0;
        int vector = (int)(command.Dword11 >> HighHalfShift);
        if (id == 0 || id > _session.Features.CompletionQueuesAllocated || _session.GetCompletionQueue(id) is not null)
        {
            return NvmeStatus.InvalidQueueIdentifier;
        }

        if (size is < 2 or > ControllerProfile.MaxQueueEntries)
        {
            return NvmeStatus.InvalidQueueSize;
        }

        if ((command.Dword11 & PhysicallyContiguousBit) == 0 || _session.IoQueueEntrySizes.Completion != CompletionQueueEntry.SizeExponent)
        {
            return NvmeStatus.InvalidFieldInCommand;
        }

        if (interruptsEnabled && vector >= Profile.MsixVectors)
        {
            return NvmeStatus.InvalidInterruptVector;
        }

        if ((command.Prp1 & ((ulong)_session.PageSize - 1)) != 0)
        {
            return NvmeStatus.InvalidPrpOffset;
        }

        _session.AddCompletionQueue(new CompletionQueue((ushort)id, command.Prp1, size, interruptsEnabled, vector, _session.Services));
        _session.Services.OnCompletionQueuesChanged();
        NvmeLog.QueueCreated(_session.Services.Logger, "completion", id, size, command.Prp1);
        return CommandResult.Success;
    }

    private CommandResult CreateSubmissionQueue(SubmissionQueueEntry command)
    {
        int id = (int)(command.Dword10 & QueueIdMask);
        int size = (int)(command.Dword10 >> HighHalfShift) + 1;
        int completionQueueId = (int)(command.Dword11 >> HighHalfShift);
        if (id == 0 || id > _session.Features.SubmissionQueuesAllocated || _session.GetSubmissionQueue(id) is not null)
        {
            return NvmeStatus.InvalidQueueIdentifier;
        }

        if (completionQueueId == 0 || _session.GetCompletionQueue(completionQueueId) is not { } completionQueue)
        {
            return NvmeStatus.CompletionQueueInvalid;
        }

        if (size is < 2 or > ControllerProfile.MaxQueueEntries)
        {
            return NvmeStatus.InvalidQueueSize;
        }

        if ((command.Dword11 & PhysicallyContiguousBit) == 0 || _session.IoQueueEntrySizes.Submission != SubmissionQueueEntry.SizeExponent)
        {
            return NvmeStatus.InvalidFieldInCommand;
        }

        if ((command.Prp1 & ((ulong)_session.PageSize - 1)) != 0)
        {
            return NvmeStatus.InvalidPrpOffset;
        }

        _session.AddSubmissionQueue(new SubmissionQueue((ushort)id, command.Prp1, size, completionQueue, _session.Services));
        NvmeLog.QueueCreated(_session.Services.Logger, "submission", id, size, command.Prp1);
        return CommandResult.Success;
    }

    // §5.7: the commands the queue already holds are completed (those fetched run to their end; those never fetched
    // get Command Aborted due to SQ Deletion) before the Delete completes.
    private async ValueTask<CommandResult> DeleteSubmissionQueueAsync(SubmissionQueueEntry command, CancellationToken cancellationToken)
    {
        int id = (int)(command.Dword10 & QueueIdMask);
        if (id == 0 || _session.GetSubmissionQueue(id) is not { } queue)
        {
            return NvmeStatus.InvalidQueueIdentifier;
        }

        await queue.StopFetchingAsync().ConfigureAwait(false);
        await queue.AbortUnfetchedAsync(cancellationToken).ConfigureAwait(false);
        _session.RemoveSubmissionQueue(queue);
        NvmeLog.QueueDeleted(_session.Services.Logger, "submission", id);
        return CommandResult.Success;
    }

    private CommandResult DeleteCompletionQueue(SubmissionQueueEntry command)
    {
        int id = (int)(command.Dword10 & QueueIdMask);
        if (id == 0 || _session.GetCompletionQueue(id) is not { } queue)
        {
            return NvmeStatus.InvalidQueueIdentifier;
        }

        if (queue.SubmissionQueueCount != 0)
        {
            return NvmeStatus.InvalidQueueDeletion;
        }

        _session.RemoveCompletionQueue((ushort)id);
        _session.Services.OnCompletionQueuesChanged();
        NvmeLog.QueueDeleted(_session.Services.Logger, "completion", id);
        return CommandResult.Success;
    }
}
