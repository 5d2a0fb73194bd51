using Cosim.Cli.Bench;

namespace Cosim.Cli.Tests.Bench;

public sealed class MmioBenchTests
{
    private static readonly string[] s_guestOutput =
    [
        "BENCH cosim block 1",
        "tsc: 2000.000 MHz (calibrated over 100 ms against CLOCK_MONOTONIC); access: mmap",
        "read: mean=10.000 p50=9.000 p99=20.000 min=8.000 us n=4",
        "read-hist 0.1us 80:1 90:2 200:1",
        "write: mean=2.000 p50=2.000 p99=2.000 min=2.000 us n=4",
        "write-hist 0.1us 20:4",
        "BENCH native block 1",
        "read: mean=5.000 p50=5.000 p99=5.000 min=5.000 us n=2",
        "read-hist 0.1us 50:2",
        "BENCH cosim block 2",
        "read: mean=20.000 p50=20.000 p99=20.000 min=20.000 us n=4",
        "read-hist 0.1us 200:4",
    ];

    [Fact]
    public void ParseMergesBlocksOfTheSameDeviceAndKeepsDevicesApart()
    {
        var figures = MmioBench.Parse(s_guestOutput);

        Assert.Equal(8, figures["cosim"].Read.Count);
        Assert.Equal(15.0, figures["cosim"].Read.Mean, 6);
        Assert.Equal(2, figures["native"].Read.Count);
        Assert.Equal(4, figures["cosim"].Write.Count);
    }

    [Fact]
    public void PercentilesComeFromTheMergedHistogram()
    {
        var figures = MmioBench.Parse(s_guestOutput);
        LatencyDistribution read = figures["cosim"].Read;

        // Merged samples in 0.1 us buckets: 8.0, 9.0, 9.0, 20.0 x5 → p50 is the 4th of 8 (rank 3): 20.0.
        Assert.Equal(8.0, read.Minimum, 6);
        Assert.Equal(20.0, read.Percentile(50), 6);
        Assert.Equal(9.0, read.Percentile(25), 6);
        Assert.Equal(20.0, read.Percentile(99), 6);
    }

    [Fact]
    public void SummaryWithoutACountIsAFormatErrorNamingTheField()
    {
        var distribution = new LatencyDistribution();

        FormatException error = Assert.Throws<FormatException>(() => distribution.AddSummary("read: mean=1.0 p50=1.0"));

        Assert.Contains("n=", error.Message, StringComparison.Ordinal);
    }
}
