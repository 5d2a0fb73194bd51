using System.Buffers;
using Cosim.Models.Nvme.Prp;
using Cosim.Models.Nvme.Queues;
using Cosim.Models.Nvme.Storage;

namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>
/// The admin command set (NVMe Base 1.4 §5) as the Linux driver uses it: queue management, Identify, features, log
/// pages, Asynchronous Event Requests, Abort and Doorbell Buffer Config. Admin commands run one at a time, in submission order; an
/// Asynchronous Event Request does not hold the queue up. Anything else is Invalid Command Opcode.
/// </summary>
internal sealed partial class AdminCommandProcessor : ICommandProcessor
{
    private readonly ControllerSession _session;
    private readonly NamespaceStore _store;
    private readonly HealthCounters _counters;
    private readonly HashSet<int> _loggedOnce = [];

    public AdminCommandProcessor(ControllerSession session, NamespaceStore store, HealthCounters counters)
    {
        _session = session;
        _store = store;
        _counters = counters;
    }

    private ControllerProfile Profile => _session.Profile;

    public ValueTask<CommandResult> ExecuteAsync(SubmissionQueueEntry command, SubmissionQueue queue, CancellationToken cancellationToken)
    {
        if (command.FusedOperation != 0 || command.DataTransfer != 0)
        {
            // Fused operations and SGLs are not supported (FUSES = 0, SGLS = 0).
            return new(NvmeStatus.InvalidFieldInCommand);
        }

        switch ((AdminOpcode)command.Opcode)
        {
            case AdminOpcode.DeleteIoSubmissionQueue:
                return DeleteSubmissionQueueAsync(command, cancellationToken);
            case AdminOpcode.CreateIoSubmissionQueue:
                return new(CreateSubmissionQueue(command));
            case AdminOpcode.GetLogPage:
                return GetLogPageAsync(command, cancellationToken);
            case AdminOpcode.DeleteIoCompletionQueue:
                return new(DeleteCompletionQueue(command));
            case AdminOpcode.CreateIoCompletionQueue:
                return new(CreateCompletionQueue(command));
            case AdminOpcode.Identify:
                return IdentifyAsync(command, cancellationToken);
            case AdminOpcode.Abort:
                return AbortAsync(command);
            case AdminOpcode.SetFeatures:
                return new(SetFeatures(command));
            case AdminOpcode.GetFeatures:
                return new(GetFeatures(command));
            case AdminOpcode.AsynchronousEventRequest:
                return new(_session.Events.Request(command.CommandId));
            case AdminOpcode.DoorbellBufferConfig:
                return new(ConfigureDoorbellBuffers(command));
            default:
                LogOnce(NvmeLog.InvalidAdminOpcodeEvent, () => NvmeLog.InvalidAdminOpcode(_session.Services.Logger, command.Opcode));
                return new(NvmeStatus.InvalidCommandOpcode);
        }
    }

    // Moves a controller-built structure (Identify data, a log page) to the host buffer that PRP1/PRP2 describe.
    private async ValueTask<CommandResult> TransferToHostAsync(SubmissionQueueEntry command, byte[] data, int length, CancellationToken cancellationToken)
    {
        try
        {
            using PrpList buffer = await PrpList.ResolveAsync(_session.Services.Host, command.Prp1, command.Prp2, length, _session.PageSize, cancellationToken).ConfigureAwait(false);
            if (buffer.Status != NvmeStatus.Success)
            {
                return buffer.Status;
            }

            return await buffer.WriteToHostAsync(_session.Services.Host, data.AsMemory(0, length)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    private static byte[] RentZeroed(int length)
    {
        byte[] data = ArrayPool<byte>.Shared.Rent(length);
        data.AsSpan(0, length).Clear();
        return data;
    }

    // A host mistake is logged once per kind (event id); the command gets its status every time.
    private void LogOnce(int eventId, Action log)
    {
        bool first;
        lock (_loggedOnce)
        {
            first = _loggedOnce.Add(eventId);
        }

        if (first)
        {
            log();
        }
    }
}
