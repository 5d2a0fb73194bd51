namespace Cosim.Testbench.Interrupts;

/// <summary>
/// Counts occurrences of an event and lets each be taken once, whether the taker came before or after it: an interrupt
/// that arrives before the test starts waiting is not lost, and two waits need two interrupts.
/// </summary>
internal sealed class OccurrenceQueue
{
    private readonly Lock _lock = new();
    private readonly List<TaskCompletionSource> _waiters = [];
    private int _count;
    private int _taken;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _count - _taken;
            }
        }
    }

    public void Signal()
    {
        TaskCompletionSource? waiter = null;
        lock (_lock)
        {
            _count++;
            if (_waiters.Count > 0)
            {
                waiter = _waiters[0];
                _waiters.RemoveAt(0);
                _taken++;
            }
        }

        waiter?.TrySetResult();
    }

    /// <summary>Takes one occurrence: completed at once if one is pending, else when the next one happens.</summary>
    public TaskCompletionSource Take()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_count > _taken)
            {
                _taken++;
                waiter.TrySetResult();
            }
            else
            {
                _waiters.Add(waiter);
            }
        }

        return waiter;
    }

    /// <summary>Withdraws a <see cref="Take"/> that gave up, so it does not swallow a later occurrence.</summary>
    public void Withdraw(TaskCompletionSource waiter)
    {
        lock (_lock)
        {
            _waiters.Remove(waiter);
        }
    }

    public bool TryTake()
    {
        lock (_lock)
        {
            if (_count == _taken)
            {
                return false;
            }

            _taken++;
            return true;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _taken = _count;
        }
    }
}
