using System.Globalization;
using Cosim.Models.TestDevice;
using Cosim.Qemu;
using Cosim.VfioUser;
using Microsoft.Extensions.Logging;

namespace Cosim.Cli.Bench;

/// <summary>
/// <c>cosim bench mmio</c>: MMIO read and write round-trip latency measured inside the guest (rdtsc), for three
/// devices probed in the same boot and interleaved in blocks: QEMU's in-process edu (the floor), the native C
/// vfio-user server, and the Cosim endpoint with its test device. Prints the figures and the ratios.
/// </summary>
internal static class MmioBench
{
    private static readonly (string Label, string Name, string Device)[] s_devices =
    [
        ("edu", "QEMU edu (in-process)", "1234:11e8:0x4"),
        ("native", "native C vfio-user server", "1234:c05b:0x4"),
        ("cosim", "Cosim endpoint + C# model", "1234:c05a:0x4"),
    ];

    public static async Task<int> RunAsync(int accesses, int blocks, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        int perBlock = Math.Max(1, accesses / blocks);
        GuestImage image = await GuestProvisioner.EnsureAsync(Console.Error.WriteLine, cancellationToken);
        DirectoryInfo run = Directory.CreateTempSubdirectory("cosim-bench-");
        using NativeVfioUserServer native = await NativeVfioUserServer.StartAsync(Path.Combine(run.FullName, "native.sock"), Console.Error.WriteLine, cancellationToken);
        var device = new CosimTestDevice(loggers.CreateLogger("cosim-test"));
        using var cosim = new VfioUserServer(Path.Combine(run.FullName, "cosim.sock"), device, new VfioUserServerOptions(), loggers.CreateLogger("endpoint"));
        cosim.Start();

        Console.Error.WriteLine($"==> booting the guest: {perBlock} accesses x {blocks} blocks per device, interleaved");
        GuestRunResult result = await GuestRunner.RunAsync(
            new GuestRunOptions
            {
                TestName = "bench-mmio",
                TestArguments = [perBlock.ToString(CultureInfo.InvariantCulture), blocks.ToString(CultureInfo.InvariantCulture), .. s_devices.Select(d => $"{d.Label}={d.Device}")],
                Devices = [new VfioUserDevice(native.SocketPath), new VfioUserDevice(cosim.SocketPath)],
                ExtraDevices = ["edu"],
                TestTimeout = TimeSpan.FromMinutes(20),
                HostTimeout = TimeSpan.FromMinutes(25),
                ConsoleLogPath = Path.Combine(run.FullName, "console.log"),
            },
            image,
            null,
            cancellationToken);
        await cosim.StopAsync();
        if (!result.Passed)
        {
            Console.Error.WriteLine(result.Describe());
            return 1;
        }

        Dictionary<string, (LatencyDistribution Read, LatencyDistribution Write)> figures = Parse(result.TestOutput);
        Print(figures, perBlock * blocks, blocks, GuestRunner.DetectAccelerator());
        return 0;
    }

    internal static Dictionary<string, (LatencyDistribution Read, LatencyDistribution Write)> Parse(IEnumerable<string> lines)
    {
        var figures = new Dictionary<string, (LatencyDistribution Read, LatencyDistribution Write)>();
        (LatencyDistribution Read, LatencyDistribution Write)? current = null;
        foreach (string line in lines)
        {
            if (line.StartsWith("BENCH ", StringComparison.Ordinal))
            {
                string label = line.Split(' ')[1];
                if (!figures.TryGetValue(label, out var entry))
                {
                    entry = (new LatencyDistribution(), new LatencyDistribution());
                    figures[label] = entry;
                }

                current = entry;
            }
            else if (current is { } target)
            {
                if (line.StartsWith("read: ", StringComparison.Ordinal))
                {
                    target.Read.AddSummary(line);
                }
                else if (line.StartsWith("write: ", StringComparison.Ordinal))
                {
                    target.Write.AddSummary(line);
                }
                else if (line.StartsWith("read-hist ", StringComparison.Ordinal))
                {
                    target.Read.AddHistogram(line);
                }
                else if (line.StartsWith("write-hist ", StringComparison.Ordinal))
                {
                    target.Write.AddHistogram(line);
                }
            }
        }

        return figures;
    }

    private static void Print(Dictionary<string, (LatencyDistribution Read, LatencyDistribution Write)> figures, int accesses, int blocks, string accelerator)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"MMIO round-trip latency inside the guest, 4-byte BAR0 register, {accesses} accesses per device in {blocks} interleaved blocks, accel={accelerator}, times in µs");
        Console.WriteLine($"{"device",-28} {"read mean",9} {"p50",7} {"p99",7} {"min",7}   {"write mean",10} {"p50",7} {"p99",7} {"min",7}");
        foreach ((string label, string name, _) in s_devices)
        {
            if (!figures.TryGetValue(label, out var f))
            {
                Console.WriteLine($"{name,-28} (no figures)");
                continue;
            }

            Console.WriteLine(string.Create(inv, $"{name,-28} {f.Read.Mean,9:F2} {f.Read.Percentile(50),7:F1} {f.Read.Percentile(99),7:F1} {f.Read.Minimum,7:F1}   {f.Write.Mean,10:F2} {f.Write.Percentile(50),7:F1} {f.Write.Percentile(99),7:F1} {f.Write.Minimum,7:F1}"));
        }

        if (figures.TryGetValue("cosim", out var c) && figures.TryGetValue("native", out var n) && figures.TryGetValue("edu", out var e))
        {
            Console.WriteLine(string.Create(inv, $"ratio Cosim / native C server: read p50 {c.Read.Percentile(50) / n.Read.Percentile(50):F3}x, read mean {c.Read.Mean / n.Read.Mean:F3}x, write p50 {c.Write.Percentile(50) / n.Write.Percentile(50):F3}x (goal: read p50 <= 1.1x)"));
            Console.WriteLine(string.Create(inv, $"ratio Cosim / QEMU edu:        read p50 {c.Read.Percentile(50) / e.Read.Percentile(50):F3}x, write p50 {c.Write.Percentile(50) / e.Write.Percentile(50):F3}x"));
        }
    }
}
