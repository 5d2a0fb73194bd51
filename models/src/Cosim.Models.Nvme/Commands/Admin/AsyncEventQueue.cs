using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>
/// Asynchronous Event Requests and the events they report (NVMe Base 1.4 §5.2). A request stays outstanding until
/// an event completes it; an event with no request waiting is kept until one arrives. Once an event of a type is
/// reported, further events of that type are masked until the host reads the associated log page with RAE cleared.
/// At shutdown and reset the outstanding requests complete as aborted.
/// </summary>
internal sealed class AsyncEventQueue
{
    /// <summary>AERL + 1: requests that may be outstanding at once.</summary>
    public const int RequestLimit = 4;

    private const int InformationShift = 8;
    private const int LogPageShift = 16;

    private readonly object _lock = new();
    private readonly ControllerSession _session;
    private readonly Queue<ushort> _requests = new();
    private readonly Queue<uint> _events = new();
    private int _maskedTypes;

    public AsyncEventQueue(ControllerSession session) => _session = session;

    /// <summary>Requests outstanding (tests).</summary>
    internal int OutstandingRequests
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>An Asynchronous Event Request arrived: complete it with a pending event, or hold it.</summary>
    public CommandResult Request(ushort commandId)
    {
        lock (_lock)
        {
            if (_events.TryDequeue(out uint pending))
            {
                return new CommandResult(NvmeStatus.Success, pending);
            }

            if (_requests.Count >= RequestLimit)
            {
                return NvmeStatus.AsynchronousEventRequestLimitExceeded;
            }

            _requests.Enqueue(commandId);
            return CommandResult.Deferred;
        }
    }

    /// <summary>Reports an event (never blocks: the completion is posted by a task).</summary>
    public void Report(AsyncEventType type, byte information, LogPageIdentifier logPage)
    {
        uint dword0 = (uint)type | ((uint)information << InformationShift) | ((uint)logPage << LogPageShift);
        ushort commandId;
        lock (_lock)
        {
            int bit = 1 << (int)type;
            if ((_maskedTypes & bit) != 0)
            {
                return;
            }

            _maskedTypes |= bit;
            if (!_requests.TryDequeue(out commandId))
            {
                _events.Enqueue(dword0);
                return;
            }
        }

        _ = Task.Run(() => CompleteAsync(commandId, dword0, NvmeStatus.Success));
    }

    /// <summary>The host read <paramref name="logPage"/> with RAE cleared: events of its type are reported again.</summary>
    public void Unmask(LogPageIdentifier logPage)
    {
        AsyncEventType? type = logPage switch
        {
            LogPageIdentifier.ErrorInformation => AsyncEventType.ErrorStatus,
            LogPageIdentifier.SmartHealthInformation => AsyncEventType.SmartHealthStatus,
            _ => null,
        };
        if (type is { } unmasked)
        {
            lock (_lock)
            {
                _maskedTypes &= ~(1 << (int)unmasked);
            }
        }
    }

    /// <summary>An Abort named an outstanding request: it completes with Command Abort Requested. False when it is not outstanding.</summary>
    public async Task<bool> TryAbortAsync(ushort commandId)
    {
        lock (_lock)
        {
            int count = _requests.Count;
            bool found = false;
            for (int i = 0; i < count; i++)
            {
                ushort request = _requests.Dequeue();
                if (request == commandId && !found)
                {
                    found = true;
                    continue;
                }

                _requests.Enqueue(request);
            }

            if (!found)
            {
                return false;
            }
        }

        await CompleteAsync(commandId, 0, NvmeStatus.CommandAbortRequested).ConfigureAwait(false);
        return true;
    }

    /// <summary>Shutdown or reset: every outstanding request completes with Command Aborted due to SQ Deletion, while the admin Completion Queue has room.</summary>
    public async Task AbortOutstandingAsync()
    {
        ushort[] requests;
        lock (_lock)
        {
            requests = [.. _requests];
            _requests.Clear();
        }

        CompletionQueue queue = _session.AdminSubmissionQueue.CompletionQueue;
        foreach (ushort commandId in requests)
        {
            var entry = new CompletionQueueEntry(0, (ushort)_session.AdminSubmissionQueue.Head, 0, commandId, NvmeStatus.CommandAbortedDueToSqDeletion);
            if (!await queue.TryPostNowAsync(entry).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task CompleteAsync(ushort commandId, uint dword0, NvmeStatus status)
    {
        SubmissionQueue admin = _session.AdminSubmissionQueue;
        var entry = new CompletionQueueEntry(dword0, (ushort)admin.Head, 0, commandId, status);
        try
        {
            await admin.CompletionQueue.PostAsync(entry, _session.ResetToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Reset: the request is gone with the queue.
        }
    }
}
