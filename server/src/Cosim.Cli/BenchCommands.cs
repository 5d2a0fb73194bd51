using System.CommandLine;
using Cosim.Cli.Bench;
using Microsoft.Extensions.Logging;

namespace Cosim.Cli;

/// <summary><c>cosim bench</c>: measurements that print figures and ratios.</summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var accesses = new Option<int>("--accesses") { Description = "Accesses per device and direction (at least 20000 for the published figures).", DefaultValueFactory = _ => 20000 };
        var blocks = new Option<int>("--blocks") { Description = "Interleaved blocks the accesses are split into.", DefaultValueFactory = _ => 10 };
        var mmio = new Command(
            "mmio",
            "MMIO read/write round-trip latency inside a guest for QEMU's in-process edu, a native C vfio-user server and the Cosim endpoint, "
            + "probed in the same boot and interleaved in blocks; prints mean, p50, p99 and min and the ratios.");
        mmio.Options.Add(accesses);
        mmio.Options.Add(blocks);
        mmio.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            return await MmioBench.RunAsync(parse.GetValue(accesses), parse.GetValue(blocks), loggers, cancellationToken);
        });

        var size = new Option<int>("--size") { Description = "Bytes per transfer (the kselftest's large size by default).", DefaultValueFactory = _ => 1_024_000 };
        var iterations = new Option<int>("--iterations") { Description = "Transfers per operation.", DefaultValueFactory = _ => 5 };
        var epf = new Command(
            "epf",
            "DMA throughput of the pci-epf-test model as the guest's pci_endpoint_test driver sees it: READ, WRITE and COPY of "
            + "1,024,000 bytes (the kselftest's data-transfer size), timed in the guest, in MB/s.");
        epf.Options.Add(size);
        epf.Options.Add(iterations);
        epf.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            return await EpfBench.RunAsync(parse.GetValue(size), parse.GetValue(iterations), loggers, cancellationToken);
        });

        var roundTrips = new Option<int>("--round-trips") { Description = "MemRd round trips per path (at least 100).", DefaultValueFactory = _ => 20000 };
        var writes = new Option<int>("--writes") { Description = "Posted 256-byte MemWr streamed over the link (at least 100).", DefaultValueFactory = _ => 200000 };
        var link = new Command(
            "link",
            "What the TCP link between `cosim endpoint` and `cosim serve` costs, on loopback and without QEMU: 4-byte MemRd round-trip "
            + "latency in-process, over the link and as a raw TCP ping-pong of the same bytes; posted-write throughput over the link "
            + "against raw TCP streaming; with the ratios.")
        {
            roundTrips, writes,
        };
        link.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            return await LinkBench.RunAsync(parse.GetValue(roundTrips), parse.GetValue(writes), loggers, Console.Out);
        });

        var runtime = new Option<int>("--runtime") { Description = "Seconds per fio run (after a 1 s ramp).", DefaultValueFactory = _ => 3 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds; each runs every job on both devices in turn (the figures are their mean).", DefaultValueFactory = _ => 3 };
        var namespaceMiB = new Option<int>("--namespace-mib") { Description = "Size of each namespace (a sparse host file) in MiB.", DefaultValueFactory = _ => 256 };
        var nvme = new Command(
            "nvme",
            "Block I/O of the Cosim NVMe model (vfio-user, in this process, as `cosim run` serves it) against QEMU's in-process "
            + "-device nvme on a file of the same size, in one guest with Debian's fio: sequential read and write (128 KiB, QD 8) "
            + "in MB/s, 4 KiB random reads at QD 1 and 32 in IOPS; the devices alternate job by job; prints both, the ratio and "
            + "the verdict against the goal of 0.8x on every figure.");
        nvme.Options.Add(runtime);
        nvme.Options.Add(rounds);
        nvme.Options.Add(namespaceMiB);
        nvme.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            return await NvmeBench.RunAsync(
                Math.Max(1, parse.GetValue(runtime)), Math.Max(1, parse.GetValue(rounds)), Math.Max(32L, parse.GetValue(namespaceMiB)) << 20, loggers, cancellationToken);
        });

        var bench = new Command("bench", "Benchmarks that print figures and ratios (each boots what it needs).");
        bench.Subcommands.Add(link);
        bench.Subcommands.Add(mmio);
        bench.Subcommands.Add(epf);
        bench.Subcommands.Add(CreateRtl());
        bench.Subcommands.Add(nvme);
        return bench;
    }

    private static Command CreateRtl()
    {
        var design = new Option<string[]>("--design")
        {
            Description = $"Designs to measure (repeatable): {string.Join(", ", RtlBridgeBench.Designs)}. Default: {string.Join(" and ", RtlBridgeBench.DefaultDesigns)}.",
            DefaultValueFactory = _ => RtlBridgeBench.DefaultDesigns,
        };
        design.AcceptOnlyFromAmong(RtlBridgeBench.Designs);
        var cycles = new Option<ulong>("--cycles") { Description = "Simulated cycles per run and variant.", DefaultValueFactory = _ => 5_000_000 };
        var runs = new Option<int>("--runs") { Description = "Runs per variant; the best counts (variants interleaved).", DefaultValueFactory = _ => 5 };
        var rtl = new Command(
            "rtl",
            "Simulated cycles per second of an RTL model driven through the bridge (C#, the shim's C ABI) next to a pure C++ "
            + "Verilator loop of the same design compiled into the same shared library, and the ratio (goal: at least 90% on "
            + "a small design); each design is built with FST tracing compiled in (not open) and without, and the cost of "
            + "the former is printed (goal: at most 3%). Builds are cached; the figures are printed, never judged.");
        rtl.Options.Add(design);
        rtl.Options.Add(cycles);
        rtl.Options.Add(runs);
        rtl.SetAction((ParseResult parse, CancellationToken cancellationToken) => RtlBridgeBench.RunAsync(
            parse.GetValue(design)!, parse.GetValue(cycles), parse.GetValue(runs), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return rtl;
    }
}
