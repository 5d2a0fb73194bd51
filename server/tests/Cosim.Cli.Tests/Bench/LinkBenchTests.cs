using Cosim.Cli.Bench;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cosim.Cli.Tests.Bench;

public sealed class LinkBenchTests
{
    [Fact]
    public async Task EveryPathIsMeasuredAndEveryWriteArrives()
    {
        using var output = new StringWriter();

        int exitCode = await LinkBench.RunAsync(roundTrips: 200, writes: 2000, NullLoggerFactory.Instance, output);

        string text = output.ToString();
        Assert.Equal(0, exitCode);
        foreach (string row in new[] { "embedded (cosim run, a call)", "TCP link (endpoint <-> serve)", "raw TCP ping-pong, same bytes", "posted MemWr over the link:", "raw TCP, one send per TLP-sized message:", "raw TCP, 64 KiB sends" })
        {
            Assert.Contains(row, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TooFewSamplesAreRefused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => LinkBench.RunAsync(10, 10, NullLoggerFactory.Instance, TextWriter.Null));
    }

    [Theory]
    [InlineData(0.5, 3.0)]
    [InlineData(0.99, 5.0)]
    [InlineData(0.0, 1.0)]
    public void PercentileIsTheNearestRank(double fraction, double expected)
    {
        Assert.Equal(expected, LinkBench.Percentile([5, 1, 4, 2, 3], fraction));
    }
}
