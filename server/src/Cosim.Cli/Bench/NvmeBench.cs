using System.Globalization;
using Cosim.Qemu;
using Cosim.Server.Models;
using Cosim.Server.Topology;
using Cosim.Tlp;
using Cosim.VfioUser;
using Microsoft.Extensions.Logging;

namespace Cosim.Cli.Bench;

/// <summary>
/// <c>cosim bench nvme</c>: block I/O of the Cosim NVMe model (served over vfio-user in this process, as
/// <c>cosim run</c> serves it) against QEMU's in-process <c>-device nvme</c> on a file of the same size, both in one
/// guest and measured there by Debian's fio: sequential read and write MB/s, 4 KiB random-read IOPS at queue depth
/// 1 and 32. The devices take turns job by job, round after round; the table holds the mean of the rounds and the
/// ratio Cosim / QEMU, with the verdict against the goal of 0.8x on every figure.
/// </summary>
internal static class NvmeBench
{
    /// <summary>The goal: Cosim at least this fraction of QEMU's in-process device on every figure.</summary>
    public const double Goal = 0.8;

    private const string CosimLabel = "cosim";
    private const string QemuLabel = "qemu";
    private const string CosimSerial = "cosim-bench";
    private const string QemuSerial = "qemu-bench";
    private const string QemuDriveId = "qemu-nvme";
    private const string QemuRootPort = "rp-qemu-nvme";
    private const int QemuRootPortChassis = 16;

    private static readonly (string Job, string Title, bool Iops)[] s_jobs =
    [
        ("seqread", "sequential read, 128 KiB, QD 8", false),
        ("seqwrite", "sequential write, 128 KiB, QD 8", false),
        ("randread-qd1", "random read, 4 KiB, QD 1", true),
        ("randread-qd32", "random read, 4 KiB, QD 32", true),
    ];

    public static async Task<int> RunAsync(int runtimeSeconds, int rounds, long namespaceBytes, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        GuestImage image = await GuestProvisioner.EnsureAsync(Console.Error.WriteLine, cancellationToken);
        DirectoryInfo run = Directory.CreateTempSubdirectory("cosim-bench-nvme-");
        string qemuNamespace = Path.Combine(run.FullName, "qemu-namespace.img");
        string cosimNamespace = Path.Combine(run.FullName, "cosim-namespace.img");
        using (FileStream file = File.Create(qemuNamespace))
        {
            file.SetLength(namespaceBytes); // sparse, as the model creates its own
        }

        ModelDescriptor nvme = BuiltInModels.All.Single(m => m.Name == "nvme");
        var options = new DeviceOptions("nvme", 0, IdentityOverrides.None, new Dictionary<string, string>
        {
            [BuiltInModels.NvmeKeys.Namespace] = cosimNamespace,
            [BuiltInModels.NvmeKeys.NamespaceSize] = namespaceBytes.ToString(CultureInfo.InvariantCulture),
            [BuiltInModels.NvmeKeys.SerialNumber] = CosimSerial,
        });
        IPcieFunction model = nvme.Create(options, loggers);
        try
        {
            using var server = new VfioUserServer(Path.Combine(run.FullName, "nvme.sock"), model, new VfioUserServerOptions(), loggers.CreateLogger("endpoint"));
            server.Start();
            string loadBefore = LoadAverage();
            Console.Error.WriteLine($"==> booting the guest: {s_jobs.Length} fio jobs x 2 devices x {rounds} round(s), {runtimeSeconds} s each (load average {loadBefore})");
            GuestRunResult result = await GuestRunner.RunAsync(
                new GuestRunOptions
                {
                    TestName = "bench-fio",
                    TestArguments =
                    [
                        runtimeSeconds.ToString(CultureInfo.InvariantCulture), rounds.ToString(CultureInfo.InvariantCulture),
                        $"{QemuLabel}={QemuSerial}", $"{CosimLabel}={CosimSerial}",
                    ],
                    Modules = ["nvme"],
                    Devices = [new VfioUserDevice(server.SocketPath)],
                    ExtraArguments =
                    [
                        "-drive", $"file={qemuNamespace},if=none,id={QemuDriveId},format=raw",
                        "-device", string.Create(CultureInfo.InvariantCulture, $"pcie-root-port,id={QemuRootPort},chassis={QemuRootPortChassis},slot={QemuRootPortChassis}"),
                        "-device", $"nvme,drive={QemuDriveId},serial={QemuSerial},bus={QemuRootPort}",
                    ],
                    TestTimeout = TimeSpan.FromMinutes(30),
                    HostTimeout = TimeSpan.FromMinutes(35),
                    ConsoleLogPath = Path.Combine(run.FullName, "console.log"),
                },
                image,
                null,
                cancellationToken);
            await server.StopAsync();
            string loadAfter = LoadAverage();
            if (!result.Passed)
            {
                Console.Error.WriteLine(result.Describe());
                return 1;
            }

            NvmeFigures figures = Parse(result.TestOutput);
            foreach (string problem in figures.Problems)
            {
                Console.Error.WriteLine($"warning: {problem}");
            }

            Print(figures, runtimeSeconds, rounds, namespaceBytes, GuestRunner.DetectAccelerator(), loadBefore, loadAfter);
            return 0;
        }
        finally
        {
            // The namespaces go; the guest's console (fio's terse lines among it) stays for a look afterwards.
            (model as IDisposable)?.Dispose();
            File.Delete(qemuNamespace);
            File.Delete(cosimNamespace);
            Console.Error.WriteLine($"guest console: {Path.Combine(run.FullName, "console.log")}");
        }
    }

    /// <summary>The guest's <c>FIO &lt;label&gt; &lt;job&gt; &lt;terse v3&gt;</c> lines, per device and job, in round order.</summary>
    internal static NvmeFigures Parse(IEnumerable<string> lines)
    {
        var figures = new NvmeFigures();
        foreach (string line in lines)
        {
            if (line.StartsWith("IRQ ", StringComparison.Ordinal))
            {
                string[] irq = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (irq.Length == 4 && long.TryParse(irq[3], NumberStyles.None, CultureInfo.InvariantCulture, out long count))
                {
                    figures.AddInterrupts(irq[1], irq[2], count);
                }

                continue;
            }

            if (!line.StartsWith("FIO ", StringComparison.Ordinal))
            {
                continue;
            }

            string[] words = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 4)
            {
                figures.Problems.Add($"'{line}': no terse line after the label and job (fio failed?)");
                continue;
            }

            if (!FioTerseResult.TryParse(words[3], out FioTerseResult result, out string error))
            {
                figures.Problems.Add($"{words[1]} {words[2]}: {error}");
                continue;
            }

            figures.Add(words[1], words[2], result);
        }

        return figures;
    }

    private static void Print(NvmeFigures figures, int runtimeSeconds, int rounds, long namespaceBytes, string accelerator, string loadBefore, string loadAfter)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"NVMe block I/O inside one guest, fio (libaio, O_DIRECT, 32 MiB region) {runtimeSeconds} s per run after 1 s ramp, {rounds} round(s) alternating QEMU / Cosim, mean of the rounds"));
        Console.WriteLine(string.Create(inv, $"namespace {namespaceBytes >> 20} MiB on a sparse host file for each; accel={accelerator}; host load average before {loadBefore}, after {loadAfter}"));
        Console.WriteLine($"{"job",-34} {"QEMU -device nvme",18} {"Cosim nvme (vfio-user)",23} {"ratio",7}");
        var missed = new List<string>();
        bool complete = true;
        foreach ((string job, string title, bool iops) in s_jobs)
        {
            if (!figures.TryGetMean(QemuLabel, job, iops, out double qemu) || !figures.TryGetMean(CosimLabel, job, iops, out double cosim))
            {
                Console.WriteLine($"{title,-34} (no figures)");
                complete = false;
                continue;
            }

            string unit = iops ? "IOPS" : "MB/s";
            double ratio = cosim / qemu;
            Console.WriteLine(string.Create(inv, $"{title,-34} {qemu,11:F1} {unit,-6} {cosim,16:F1} {unit,-6} {ratio,6:F2}x"));
            if (ratio < Goal)
            {
                missed.Add(title);
            }
        }

        Console.WriteLine("interrupts per I/O (guest /proc/interrupts, ramp included): " + string.Join(", ", s_jobs.Select(j => string.Create(
            inv, $"{j.Job} QEMU {figures.InterruptsPerIo(QemuLabel, j.Job, runtimeSeconds + 1):F2} Cosim {figures.InterruptsPerIo(CosimLabel, j.Job, runtimeSeconds + 1):F2}"))));
        Console.WriteLine(complete && missed.Count == 0
            ? string.Create(inv, $"verdict: goal met, Cosim >= {Goal:F1}x of QEMU's in-process device on every figure")
            : string.Create(inv, $"verdict: goal ({Goal:F1}x on every figure) not met: {(missed.Count == 0 ? "figures missing" : string.Join("; ", missed))}"));
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
