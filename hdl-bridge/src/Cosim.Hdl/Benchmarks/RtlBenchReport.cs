using System.Globalization;
using Cosim.Hdl.Toolchain;

namespace Cosim.Hdl.Benchmarks;

/// <summary>
/// The RTL bridge's speed on one design, as <c>cosim bench rtl</c> and <c>dotnet Cosim.Hdl.dll bench</c> print it:
/// the design is built twice (FST tracing compiled in, and no tracing), every variant of <see cref="RtlBench"/>
/// runs on both, and the report gives simulated cycles per second, the bridge's share of the C++ loop in the
/// same library, and what tracing compiled in but not open costs.
/// </summary>
public static class RtlBenchReport
{
    /// <summary>The variant that is the bridge: C# drives the ports by raw pointer and ticks through the shim.</summary>
    private const int BridgeVariant = 1;

    /// <summary>
    /// Builds and measures <paramref name="design"/> (its own trace format is ignored), holding
    /// <paramref name="held"/> (the reset) at 0; writes the report to <paramref name="output"/>. Returns false when
    /// the variants' checksums differ (they did not do the same work, so the rates mean nothing).
    /// </summary>
    /// <exception cref="RtlBuildException">The design does not build.</exception>
    /// <exception cref="RtlSimulationException">The RTL stopped the simulation under the random stimulus.</exception>
    public static async Task<bool> RunAsync(
        RtlBuilder builder, RtlDesign design, string? held, ulong cycles, int runs, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfZero(cycles);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        RtlBuildResult traced = await builder.BuildAsync(design with { Trace = TraceFormat.Fst }, cancellationToken).ConfigureAwait(false);
        RtlBuildResult untraced = await builder.BuildAsync(design with { Trace = TraceFormat.None }, cancellationToken).ConfigureAwait(false);
        var tracedDesign = VerilatedDesign.Load(traced.LibraryPath);
        var untracedDesign = VerilatedDesign.Load(untraced.LibraryPath);
        IFormatProvider invariant = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(
            invariant,
            $"{design.Top}: {cycles:N0} cycles per run, best of {runs}, rates per second of the thread's CPU time, {Environment.ProcessorCount} CPUs, {traced.VerilatorVersion.Trim()}")).ConfigureAwait(false);

        IReadOnlyList<IReadOnlyList<RtlBench.Figure>> figures = RtlBench.Run([tracedDesign, untracedDesign], held, cycles, runs);
        IReadOnlyList<RtlBench.Figure> withTrace = figures[0];
        IReadOnlyList<RtlBench.Figure> withoutTrace = figures[1];
        await output.WriteAsync(RtlBench.Format("FST tracing compiled in, not open:", withTrace)).ConfigureAwait(false);
        await output.WriteAsync(RtlBench.Format("no tracing compiled in:", withoutTrace)).ConfigureAwait(false);
        for (int i = 0; i < withTrace.Count; i++)
        {
            await output.WriteLineAsync(string.Create(
                invariant,
                $"  cost of tracing compiled in but off, {withTrace[i].Variant}: {TracingCost(withTrace[i], withoutTrace[i]):P1}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(
            invariant,
            $"{design.Top}: bridge {withoutTrace[BridgeVariant].CyclesPerSecond / 1e6:F2} Mcyc/s, C++ loop {withoutTrace[0].CyclesPerSecond / 1e6:F2} Mcyc/s, "
            + $"ratio {withoutTrace[BridgeVariant].CyclesPerSecond / withoutTrace[0].CyclesPerSecond:P1} (goal at least 90%); "
            + $"FST compiled in but off costs the bridge {TracingCost(withTrace[BridgeVariant], withoutTrace[BridgeVariant]):P1} (goal at most 3%)")).ConfigureAwait(false);
        return SameChecksums(withTrace) && SameChecksums(withoutTrace) && withTrace[0].Checksum == withoutTrace[0].Checksum;
    }

    private static double TracingCost(RtlBench.Figure traced, RtlBench.Figure untraced) => 1 - (traced.CyclesPerSecond / untraced.CyclesPerSecond);

    private static bool SameChecksums(IReadOnlyList<RtlBench.Figure> figures) => figures.All(f => f.Checksum == figures[0].Checksum);
}
