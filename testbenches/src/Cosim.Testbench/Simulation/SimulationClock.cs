namespace Cosim.Testbench.Simulation;

/// <summary>
/// The testbench's explicit clock: simulated time that moves only when the testbench runs the next scheduled event or
/// a test advances it, never with the wall clock. Events run in time order, and events due at the same instant in the
/// order they were scheduled, so the same schedule always replays the same way. It is a <see cref="TimeProvider"/>:
/// the <see cref="Cosim.Tlp.Checking.TlpChecker"/> times its Completion Timeouts with it, and a model that takes a
/// <see cref="TimeProvider"/> can run on it too (<see cref="CreateTimer"/>).
/// </summary>
/// <remarks>
/// Scheduling is thread-safe (a device may schedule from its own threads); running events is serialised, so one event
/// runs at a time. An event may schedule further events, including at the current instant.
/// </remarks>
public sealed class SimulationClock : TimeProvider
{
    private static readonly DateTimeOffset s_epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _queueLock = new();
    private readonly object _runLock = new();
    private readonly PriorityQueue<Action, (long Time, long Sequence)> _events = new();
    private long _now;
    private long _sequence;

    /// <summary>Simulated time since the clock was created.</summary>
    public TimeSpan Now => TimeSpan.FromTicks(Volatile.Read(ref _now));

    /// <summary>Events scheduled and not yet run.</summary>
    public int PendingEvents
    {
        get
        {
            lock (_queueLock)
            {
                return _events.Count;
            }
        }
    }

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Raised after simulated time moved forward (with the new <see cref="Now"/>), on the thread that moved it.</summary>
    public event Action<TimeSpan>? TimeAdvanced;

    /// <summary>Raised after an event was scheduled, on the scheduling thread (the testbench wakes its waiters on it).</summary>
    internal event Action? EventScheduled;

    /// <inheritdoc/>
    public override long GetTimestamp() => Volatile.Read(ref _now);

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => s_epoch + Now;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimulationTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Runs <paramref name="action"/> when simulated time reaches <see cref="Now"/> + <paramref name="delay"/>.</summary>
    public void Schedule(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "An event cannot be scheduled in the past.");
        }

        lock (_queueLock)
        {
            _events.Enqueue(action, (Volatile.Read(ref _now) + delay.Ticks, _sequence++));
        }

        EventScheduled?.Invoke();
    }

    /// <summary>
    /// Moves simulated time to the earliest scheduled event and runs every event due at that instant (including those
    /// they schedule for it). Returns false, and leaves time alone, when nothing is scheduled.
    /// </summary>
    public bool RunNext()
    {
        lock (_runLock)
        {
            long due;
            lock (_queueLock)
            {
                if (!_events.TryPeek(out _, out (long Time, long Sequence) key))
                {
                    return false;
                }

                due = key.Time;
            }

            RunDueUpTo(due);
            return true;
        }
    }

    /// <summary>Lets <paramref name="by"/> of simulated time pass: every event due on the way runs, in order.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "Simulated time only moves forward.");
        }

        AdvanceTo(Now + by);
    }

    /// <summary>Lets simulated time pass until <paramref name="time"/> (nothing happens if it is already later).</summary>
    public void AdvanceTo(TimeSpan time)
    {
        lock (_runLock)
        {
            RunDueUpTo(time.Ticks);
        }
    }

    // Runs every event due at or before `until`, in (time, sequence) order, moving Now with each; then Now = until.
    private void RunDueUpTo(long until)
    {
        while (true)
        {
            Action? action;
            long time;
            lock (_queueLock)
            {
                if (!_events.TryPeek(out action, out (long Time, long Sequence) key) || key.Time > until)
                {
                    break;
                }

                _events.Dequeue();
                time = key.Time;
            }

            MoveTo(time);
            action();
        }

        MoveTo(until);
    }

    private void MoveTo(long time)
    {
        if (time <= Volatile.Read(ref _now))
        {
            return;
        }

        Volatile.Write(ref _now, time);
        TimeAdvanced?.Invoke(TimeSpan.FromTicks(time));
    }

    /// <summary>An <see cref="ITimer"/> on simulated time: each (re)arming schedules an event; stale ones do nothing.</summary>
    private sealed class SimulationTimer(SimulationClock clock, TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock _lock = new();
        private long _generation;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            long generation;
            lock (_lock)
            {
                if (_disposed)
                {
                    return false;
                }

                generation = ++_generation;
                _period = period;
            }

            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.Schedule(dueTime, () => Fire(generation));
            }

            return true;
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
                _generation++;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Fire(long generation)
        {
            TimeSpan period;
            lock (_lock)
            {
                if (_disposed || generation != _generation)
                {
                    return;
                }

                period = _period;
            }

            callback(state);
            if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero)
            {
                lock (_lock)
                {
                    if (_disposed || generation != _generation)
                    {
                        return;
                    }
                }

                clock.Schedule(period, () => Fire(generation));
            }
        }
    }
}
