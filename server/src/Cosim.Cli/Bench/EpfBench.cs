using System.Globalization;
using Cosim.Models.PciEpfTest;
using Cosim.Qemu;
using Cosim.VfioUser;
using Microsoft.Extensions.Logging;

namespace Cosim.Cli.Bench;

/// <summary>
/// <c>cosim bench epf</c>: the pci-epf-test model's data-transfer throughput as the guest's own pci_endpoint_test
/// driver sees it: the kselftest's 1,024,000-byte READ, WRITE and COPY, timed in the guest, in MB/s.
/// </summary>
internal static class EpfBench
{
    public static async Task<int> RunAsync(int size, int iterations, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        GuestImage image = await GuestProvisioner.EnsureAsync(Console.Error.WriteLine, cancellationToken);
        DirectoryInfo run = Directory.CreateTempSubdirectory("cosim-bench-epf-");
        string socket = Path.Combine(run.FullName, "pci-epf-test.sock");
        using var server = new VfioUserServer(socket, new PciEpfTestDevice(loggers.CreateLogger("pci-epf-test")), new VfioUserServerOptions(), loggers.CreateLogger("endpoint"));
        server.Start();
        GuestRunResult result = await GuestRunner.RunAsync(
            new GuestRunOptions
            {
                TestName = "bench-epf",
                TestArguments = [size.ToString(CultureInfo.InvariantCulture), iterations.ToString(CultureInfo.InvariantCulture)],
                Devices = [new VfioUserDevice(socket)],
                InterruptRemapping = true,
                TestTimeout = TimeSpan.FromMinutes(10),
                HostTimeout = TimeSpan.FromMinutes(12),
            },
            image,
            null,
            cancellationToken);
        await server.StopAsync();
        if (!result.Passed)
        {
            Console.Error.WriteLine(result.Describe());
            return 1;
        }

        Console.WriteLine($"pci-epf-test data transfers through the guest's pci_endpoint_test driver, {size} bytes x {iterations}, guest RAM shared (memfd), accel={GuestRunner.DetectAccelerator()}");
        foreach (string line in result.TestOutput.Where(l => l.StartsWith("xfer ", StringComparison.Ordinal)))
        {
            string[] words = line.Split(' ');
            Console.WriteLine($"  {words[1],-6} {Value(words, "MB/s="),8} MB/s   ({Value(words, "seconds=")} s)");
        }

        return 0;
    }

    private static string Value(string[] words, string name) =>
        words.FirstOrDefault(w => w.StartsWith(name, StringComparison.Ordinal))?[name.Length..] ?? "?";
}
