namespace Cosim.Models.Nvme.Queues;

/// <summary>
/// An auto-reset event for one async waiter: a doorbell write sets it from a register callback (never blocking),
/// the queue's worker awaits it. A set with nobody waiting is remembered once; the waiter re-reads the doorbell
/// after every wake, so coalesced sets lose nothing.
/// </summary>
internal sealed class AsyncSignal
{
    private readonly object _lock = new();
    private TaskCompletionSource? _waiter;
    private bool _set;

    /// <summary>Wakes the waiter, or lets the next wait return at once.</summary>
    public void Set()
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            waiter = _waiter;
            _waiter = null;
            _set = waiter is null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>Completes when <see cref="Set"/> is called (or was, since the last wait).</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_set)
            {
                _set = false;
                return Task.CompletedTask;
            }

            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task.WaitAsync(cancellationToken);
        }
    }
}
