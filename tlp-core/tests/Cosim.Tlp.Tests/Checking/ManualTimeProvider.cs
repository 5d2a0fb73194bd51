namespace Cosim.Tlp.Tests.Checking;

/// <summary>A clock that moves only when the test says so (timestamps in TimeSpan ticks).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
