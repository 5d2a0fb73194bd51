namespace Cosim.Models.Nvme;

/// <summary>
/// Enable, controller reset and shutdown (NVMe Base 1.4 §7.6). A CC write queues a reconciliation on one lifecycle
/// task; each reconciliation reads CC under the gate and moves the controller toward it, so a host that toggles
/// CC.EN quickly still sees every transition in order.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>CC.EN 0→1: checks CC and the admin queue registers; a configuration the controller cannot run sets
/// CSTS.CFS and leaves RDY clear. Otherwise a new session starts on ASQ/ACQ and CSTS.RDY is set.</item>
/// <item>CC.EN 1→0: every command is cancelled; once none touches host memory or the file, held Asynchronous Event
/// Requests complete as aborted, the queues are gone, and CSTS.RDY, CFS and SHST clear. AQA, ASQ and ACQ keep
/// their values.</item>
/// <item>CC.SHN 01b/10b: fetching stops, the commands in flight complete, held Asynchronous Event Requests complete
/// as aborted, the file is synced, and CSTS.SHST reads 10b (complete) until the host clears SHN or resets.</item>
/// </list>
/// </remarks>
public sealed partial class NvmeController
{
    private const ulong EnableBit = 1;
    private const ulong ShutdownNotificationMask = 0b11 << 14;
    private const ulong NvmCommandSet = 0b000;
    private const ulong RoundRobin = 0b000;

    private void OnControllerConfigurationWritten(ulong old, ulong value)
    {
        if (_session is { } session)
        {
            session.IoQueueEntrySizes = IoQueueEntrySizes;
        }

        if (((old ^ value) & (EnableBit | ShutdownNotificationMask)) != 0)
        {
            _lifecycle = _lifecycle.ContinueWith(_ => ReconcileAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task ReconcileAsync()
    {
        try
        {
            await ReconcileOnceAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            lock (Gate)
            {
                _controllerFatalStatus.Value = true;
            }

            NvmeLog.LifecycleFailed(Logger, exception);
        }
    }

    private async Task ReconcileOnceAsync()
    {
        ControllerSession? stopping = null;
        ControllerSession? shuttingDown = null;
        int generation;
        lock (Gate)
        {
            generation = _resetGeneration;
            if (!_enable.Value)
            {
                stopping = _session;
                _session = null;
                if (stopping is null)
                {
                    _ready.Value = false;
                    _controllerFatalStatus.Value = false;
                    _shutdownStatus.Value = (ulong)(_shutdownNotification.Value != 0 ? ShutdownStatus.Complete : ShutdownStatus.Normal);
                    return;
                }
            }
            else if (_session is { } running)
            {
                if (_shutdownNotification.Value != 0 && _shutdownStatus.Value == (ulong)ShutdownStatus.Normal)
                {
                    shuttingDown = running;
                    _shutdownStatus.Value = (ulong)ShutdownStatus.Occurring;
                }
                else if (_shutdownNotification.Value == 0 && _shutdownStatus.Value == (ulong)ShutdownStatus.Complete)
                {
                    _shutdownStatus.Value = (ulong)ShutdownStatus.Normal;
                }

                if (shuttingDown is null)
                {
                    return;
                }
            }
            else if (_ready.Value || _controllerFatalStatus.Value)
            {
                return;
            }
        }

        if (stopping is not null)
        {
            await ResetSessionAsync(stopping, generation).ConfigureAwait(false);
        }
        else if (shuttingDown is not null)
        {
            await ShutDownAsync(shuttingDown, generation).ConfigureAwait(false);
        }
        else
        {
            await EnableAsync(generation).ConfigureAwait(false);
        }
    }

    private async Task EnableAsync(int generation)
    {
        // A session abandoned by a function reset may still be draining: its tasks must be gone first.
        await _previousSessionDrain.ConfigureAwait(false);
        lock (Gate)
        {
            if (generation != _resetGeneration || !_enable.Value || _session is not null || _disposed)
            {
                return;
            }

            if (!TryGetAdminQueues(out AdminQueueAttributes adminQueues, out string? problem))
            {
                _controllerFatalStatus.Value = true;
                NvmeLog.InvalidConfiguration(Logger, problem);
                return;
            }

            int pageSize = PageSize(_memoryPageSize.Value);
            var session = new ControllerSession(_profile, _store, _counters, this, pageSize, adminQueues) { IoQueueEntrySizes = IoQueueEntrySizes };
            _session = session;
            session.Start();
            _shutdownStatus.Value = (ulong)ShutdownStatus.Normal;
            _ready.Value = true;
            NvmeLog.ControllerEnabled(Logger, adminQueues.SubmissionQueueSize, adminQueues.SubmissionQueueBase, adminQueues.CompletionQueueSize, adminQueues.CompletionQueueBase, pageSize);
        }
    }

    private async Task ResetSessionAsync(ControllerSession session, int generation)
    {
        await session.ResetAsync().ConfigureAwait(false);
        session.Dispose();
        lock (Gate)
        {
            if (generation == _resetGeneration)
            {
                _interruptMask.Value = 0;
                _interruptMaskMirror.Value = 0;
                _ready.Value = false;
                _controllerFatalStatus.Value = false;
                _shutdownStatus.Value = (ulong)ShutdownStatus.Normal;
            }
        }

        UpdateIntx();
        NvmeLog.ControllerReset(Logger, "CC.EN cleared");
    }

    private async Task ShutDownAsync(ControllerSession session, int generation)
    {
        await session.ShutdownAsync().ConfigureAwait(false);
        await Task.Run(_store.FlushToDisk).ConfigureAwait(false);
        ulong notification;
        lock (Gate)
        {
            notification = _shutdownNotification.Value;
            if (generation != _resetGeneration || _session != session)
            {
                return;
            }

            _shutdownStatus.Value = (ulong)ShutdownStatus.Complete;
        }

        NvmeLog.ShutdownComplete(Logger, notification);
    }

    // §7.6.1 steps 1-4: what CC.EN = 1 requires of CC, AQA, ASQ and ACQ.
    private bool TryGetAdminQueues(out AdminQueueAttributes queues, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        queues = default;
        problem = null;
        ulong pageSize = (ulong)PageSize(_memoryPageSize.Value);
        ulong submissionBase = _adminSubmissionQueueBase.Value << MemoryPageShift;
        ulong completionBase = _adminCompletionQueueBase.Value << MemoryPageShift;
        if (_commandSetSelected.Value != NvmCommandSet)
        {
            problem = $"CC.CSS {_commandSetSelected.Value} is not the NVM Command Set";
        }
        else if (_memoryPageSize.Value is < MemoryPageSizeMinimum or > MemoryPageSizeMaximum)
        {
            problem = $"CC.MPS {_memoryPageSize.Value} is outside CAP.MPSMIN..MPSMAX";
        }
        else if (_arbitrationMechanism.Value != RoundRobin)
        {
            problem = $"CC.AMS {_arbitrationMechanism.Value} is not round robin";
        }
        else if (!EntrySizesValid(IoQueueEntrySizes))
        {
            problem = $"CC.IOSQES {_ioSubmissionQueueEntrySize.Value} / CC.IOCQES {_ioCompletionQueueEntrySize.Value} are not 6 / 4";
        }
        else if (_adminSubmissionQueueSize.Value == 0 || _adminCompletionQueueSize.Value == 0)
        {
            problem = $"AQA.ASQS {_adminSubmissionQueueSize.Value} / ACQS {_adminCompletionQueueSize.Value}: an admin queue needs at least 2 entries";
        }
        else if (submissionBase % pageSize != 0 || completionBase % pageSize != 0)
        {
            problem = $"ASQ 0x{submissionBase:x} / ACQ 0x{completionBase:x} are not aligned to the {pageSize}-byte memory page";
        }
        else
        {
            queues = new AdminQueueAttributes(submissionBase, (int)_adminSubmissionQueueSize.Value + 1, completionBase, (int)_adminCompletionQueueSize.Value + 1);
        }

        return problem is null;
    }
}
