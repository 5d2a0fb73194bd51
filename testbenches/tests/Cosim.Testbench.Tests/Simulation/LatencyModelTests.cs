using Cosim.Testbench.Simulation;

namespace Cosim.Testbench.Tests.Simulation;

public sealed class LatencyModelTests
{
    [Fact]
    public void UniformLatencyRepeatsForTheSameSeedAndStaysInRange()
    {
        LatencyModel first = LatencyModel.Uniform(TimeSpan.FromTicks(10), TimeSpan.FromTicks(20), seed: 5);
        LatencyModel second = LatencyModel.Uniform(TimeSpan.FromTicks(10), TimeSpan.FromTicks(20), seed: 5);

        TimeSpan[] a = [.. Enumerable.Range(0, 50).Select(_ => first.Next())];
        TimeSpan[] b = [.. Enumerable.Range(0, 50).Select(_ => second.Next())];

        Assert.Equal(a, b);
        Assert.All(a, t => Assert.InRange(t, TimeSpan.FromTicks(10), TimeSpan.FromTicks(20)));
        Assert.True(a.Distinct().Count() > 1);
    }

    [Fact]
    public void NoneIsInline()
    {
        Assert.True(LatencyModel.None.IsNone);
        Assert.False(LatencyModel.Fixed(TimeSpan.FromTicks(1)).IsNone);
    }

    [Fact]
    public void MaximumBelowMinimumIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyModel.Uniform(TimeSpan.FromTicks(5), TimeSpan.FromTicks(4), seed: 0));
    }
}
