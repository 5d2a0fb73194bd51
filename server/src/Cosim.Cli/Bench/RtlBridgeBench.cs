using Cosim.Hdl.Benchmarks;
using Cosim.Hdl.TlpStream;
using Cosim.Hdl.Toolchain;
using Cosim.Server.Models;

namespace Cosim.Cli.Bench;

/// <summary>
/// <c>cosim bench rtl</c>: the RTL bridge's simulated cycles per second next to a pure C++ Verilator loop of the same
/// design in the same library, with and without FST tracing compiled in (<see cref="RtlBenchReport"/>), on the
/// benchmark designs shipped beside cosim (bench/rtl) and on the pci-epf-test RTL.
/// </summary>
internal static class RtlBridgeBench
{
    /// <summary>The smallest design: a 32-bit accumulator (a few ns per eval, so the bridge's fixed cost shows).</summary>
    public const string Counter = "bench_counter";

    /// <summary>A register file behind a valid/ready channel with a 128-bit datapath (the ep_user-like small design).</summary>
    public const string Endpoint = "bench_endpoint";

    /// <summary>models/rtl/pci-epf-test, the RTL twin of Linux's pci-epf-test.</summary>
    public const string PciEpfTest = "pci-epf-test";

    /// <summary>Every design the command knows.</summary>
    public static readonly string[] Designs = [Counter, Endpoint, PciEpfTest];

    /// <summary>What runs without <c>--design</c>: the small design and pci-epf-test.</summary>
    public static readonly string[] DefaultDesigns = [Endpoint, PciEpfTest];

    private const string HeldReset = "rst";
    private const string ShippedDirectory = "bench-rtl";

    /// <summary>Measures each of <paramref name="designs"/> in turn; returns 1 when one did not build or its checksums differ.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> designs, ulong cycles, int runs, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var builder = new RtlBuilder(new RtlBuilderOptions { Progress = line => error.WriteLine("==> " + line) });
        await output.WriteLineAsync("Same xorshift stimulus on every input but the clock and rst (held low), one clock edge per cycle, "
            + "every output folded into a checksum; \"bridge\" = C# raw port pointers + Tick() through the shim.").ConfigureAwait(false);
        bool ok = true;
        foreach (string name in designs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await output.WriteLineAsync().ConfigureAwait(false);
            try
            {
                ok &= await RtlBenchReport.RunAsync(builder, Design(name), HeldReset, cycles, runs, output, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RtlBuildException or RtlConfigurationException or Cosim.Hdl.RtlSimulationException or FileNotFoundException)
            {
                await error.WriteLineAsync($"error: {name}: {e.Message}").ConfigureAwait(false);
                ok = false;
            }
        }

        return ok ? 0 : 1;
    }

    private static RtlDesign Design(string name)
    {
        if (name == PciEpfTest)
        {
            RtlModels models = RtlModels.CreateDefault();
            string description = models.FindDescription(PciEpfTest) ?? throw new FileNotFoundException(models.ExplainMissing(PciEpfTest));
            return RtlDeviceDescription.Load(description).Design;
        }

        string source = Path.Combine(AppContext.BaseDirectory, ShippedDirectory, name + ".sv");
        return File.Exists(source) ? RtlDesign.FromFile(source) : throw new FileNotFoundException($"{source} is missing (it ships beside cosim from bench/rtl)", source);
    }
}
