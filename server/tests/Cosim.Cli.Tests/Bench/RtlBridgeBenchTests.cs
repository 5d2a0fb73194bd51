namespace Cosim.Cli.Tests.Bench;

/// <summary><c>cosim bench rtl</c> runs and prints its figures (which are never judged here).</summary>
public sealed class RtlBridgeBenchTests
{
    [Fact]
    [Trait("Category", "Integration")] // builds bench_counter twice (FST and no tracing) and runs it
    public async Task BenchOfTheCounterPrintsBothBuildsTheRatioAndTheTracingCost()
    {
        (int exitCode, string output, string error) = await CosimCommandLine.RunAsync("bench", "rtl", "--design", "bench_counter", "--cycles", "20000", "--runs", "1");

        Assert.True(exitCode == 0, error);
        Assert.Contains("FST tracing compiled in, not open:", output, StringComparison.Ordinal);
        Assert.Contains("no tracing compiled in:", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split('\n').Count(line => line.Contains("checksums equal", StringComparison.Ordinal)));
        Assert.Matches(@"bench_counter: bridge \d+\.\d\d Mcyc/s, C\+\+ loop \d+\.\d\d Mcyc/s, ratio -?\d+\.\d ?% .*; FST compiled in but off costs the bridge -?\d+\.\d ?%", output);
    }

    [Fact]
    public async Task AnUnknownDesignIsRefusedWithTheKnownOnes()
    {
        (int exitCode, _, string error) = await CosimCommandLine.RunAsync("bench", "rtl", "--design", "nonsense");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("bench_endpoint", error, StringComparison.Ordinal);
    }
}
