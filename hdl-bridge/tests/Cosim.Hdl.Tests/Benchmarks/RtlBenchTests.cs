using Cosim.Hdl.Benchmarks;
using Cosim.Hdl.Toolchain;
using Xunit.Abstractions;

namespace Cosim.Hdl.Tests.Benchmarks;

/// <summary>
/// The benchmark's variants do the same work: the C++ loop in the design library and both C# loops, fed the
/// same stimulus, end with the same checksum. (Rates are printed, never asserted.)
/// </summary>
public sealed class RtlBenchTests(ITestOutputHelper output)
{
    [Theory]
    [Trait("Category", "Integration")] // builds the benchmark designs and runs a few million cycles
    [InlineData("bench/bench_counter.sv")]
    [InlineData("bench/bench_endpoint.sv")]
    public async Task EveryVariantComputesTheSameChecksum(string file)
    {
        RtlBuildResult build = await TestDesigns.BuildAsync(file);
        var design = VerilatedDesign.Load(build.LibraryPath);

        IReadOnlyList<RtlBench.Figure> figures = RtlBench.Run([design], held: "rst", cycles: 200_000, runs: 2)[0];
        output.WriteLine(RtlBench.Format(design.Top, figures));

        Assert.Contains(figures, f => f.Variant.StartsWith("C#", StringComparison.Ordinal));
        Assert.All(figures, f => Assert.Equal(figures[0].Checksum, f.Checksum));
        Assert.NotEqual(0UL, figures[0].Checksum);
    }
}
