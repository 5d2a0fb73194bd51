namespace Cosim.Server.Tests.Fakes;

/// <summary>
/// A clock that moves only when the test says so (timestamps in TimeSpan ticks); its timers fire, on the test's
/// thread, inside <see cref="Advance"/> when their time has come.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public int ActiveTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.DueTicks is not null);
            }
        }
    }

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock by <paramref name="by"/>, firing every timer that falls due on the way, in time order.</summary>
    public void Advance(TimeSpan by)
    {
        long end = GetTimestamp() + by.Ticks;
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.DueTicks is { } due && due <= end).MinBy(t => t.DueTicks);
                if (next is null)
                {
                    Interlocked.Exchange(ref _ticks, end);
                    return;
                }

                Interlocked.Exchange(ref _ticks, Math.Max(_ticks, next.DueTicks!.Value));
                next.Rearm();
            }

            next.Fire();
        }
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long _periodTicks;

        public long? DueTicks { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                DueTicks = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetTimestamp() + dueTime.Ticks;
                _periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            }

            return true;
        }

        public void Rearm() => DueTicks = _periodTicks > 0 ? DueTicks + _periodTicks : null;

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                DueTicks = null;
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
