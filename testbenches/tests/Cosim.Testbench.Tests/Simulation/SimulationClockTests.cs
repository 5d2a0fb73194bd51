using Cosim.Testbench.Simulation;

namespace Cosim.Testbench.Tests.Simulation;

public sealed class SimulationClockTests
{
    [Fact]
    public void EventsRunInTimeOrderAndTiesInScheduleOrder()
    {
        var clock = new SimulationClock();
        var order = new List<string>();
        clock.Schedule(TimeSpan.FromTicks(20), () => order.Add("b"));
        clock.Schedule(TimeSpan.FromTicks(10), () => order.Add("a1"));
        clock.Schedule(TimeSpan.FromTicks(10), () => order.Add("a2"));

        clock.Advance(TimeSpan.FromTicks(30));

        Assert.Equal(["a1", "a2", "b"], order);
        Assert.Equal(TimeSpan.FromTicks(30), clock.Now);
    }

    [Fact]
    public void AdvanceRunsOnlyWhatIsDue()
    {
        var clock = new SimulationClock();
        int ran = 0;
        clock.Schedule(TimeSpan.FromTicks(10), () => ran++);
        clock.Schedule(TimeSpan.FromTicks(11), () => ran++);

        clock.Advance(TimeSpan.FromTicks(10));

        Assert.Equal(1, ran);
        Assert.Equal(1, clock.PendingEvents);
    }

    [Fact]
    public void EventSeesItsOwnTimeAndMayScheduleMore()
    {
        var clock = new SimulationClock();
        var times = new List<TimeSpan>();
        clock.Schedule(TimeSpan.FromTicks(5), () =>
        {
            times.Add(clock.Now);
            clock.Schedule(TimeSpan.Zero, () => times.Add(clock.Now));
            clock.Schedule(TimeSpan.FromTicks(5), () => times.Add(clock.Now));
        });

        clock.Advance(TimeSpan.FromTicks(100));

        Assert.Equal([TimeSpan.FromTicks(5), TimeSpan.FromTicks(5), TimeSpan.FromTicks(10)], times);
    }

    [Fact]
    public void RunNextJumpsToTheEarliestEventAndRunsEverythingDueThen()
    {
        var clock = new SimulationClock();
        int ran = 0;
        clock.Schedule(TimeSpan.FromTicks(7), () => ran++);
        clock.Schedule(TimeSpan.FromTicks(7), () => ran++);
        clock.Schedule(TimeSpan.FromTicks(9), () => ran++);

        bool first = clock.RunNext();

        Assert.True(first);
        Assert.Equal((2, TimeSpan.FromTicks(7)), (ran, clock.Now));
        Assert.True(clock.RunNext());
        Assert.False(clock.RunNext());
    }

    [Fact]
    public void TimeAdvancedReportsEveryStep()
    {
        var clock = new SimulationClock();
        var steps = new List<TimeSpan>();
        clock.TimeAdvanced += steps.Add;
        clock.Schedule(TimeSpan.FromTicks(3), () => { });

        clock.Advance(TimeSpan.FromTicks(8));

        Assert.Equal([TimeSpan.FromTicks(3), TimeSpan.FromTicks(8)], steps);
    }

    [Fact]
    public async Task TaskDelayOnTheClockCompletesWhenSimulatedTimePasses()
    {
        var clock = new SimulationClock();
        Task delay = Task.Delay(TimeSpan.FromSeconds(10), clock);

        bool before = delay.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(10));
        await delay;

        Assert.False(before);
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 10, TimeSpan.Zero), clock.GetUtcNow());
    }

    [Fact]
    public void PeriodicTimerFiresEachPeriodUntilDisposed()
    {
        var clock = new SimulationClock();
        int fired = 0;
        ITimer timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromTicks(10), TimeSpan.FromTicks(10));

        clock.Advance(TimeSpan.FromTicks(35));
        timer.Dispose();
        clock.Advance(TimeSpan.FromTicks(100));

        Assert.Equal(3, fired);
    }

    [Fact]
    public void ChangingATimerCancelsItsEarlierDueTime()
    {
        var clock = new SimulationClock();
        int fired = 0;
        ITimer timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromTicks(10), Timeout.InfiniteTimeSpan);

        timer.Change(TimeSpan.FromTicks(50), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromTicks(20));
        int early = fired;
        clock.Advance(TimeSpan.FromTicks(30));

        Assert.Equal((0, 1), (early, fired));
    }

    [Fact]
    public void SchedulingInThePastIsRefused()
    {
        var clock = new SimulationClock();

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Schedule(TimeSpan.FromTicks(-1), () => { }));
    }
}
