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
        bench.Subcommands.Add(mmio);
        bench.Subcommands.Add(epf);
        bench.Subcommands.Add(nvme);
        return bench;
    }
}
