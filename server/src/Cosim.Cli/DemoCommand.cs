using System.CommandLine;
using Cosim.Models.TestDevice;
using Cosim.Qemu;
using Cosim.VfioUser;
using Microsoft.Extensions.Logging;

namespace Cosim.Cli;

/// <summary>
/// <c>cosim demo</c>: provisions QEMU and the guest, serves a Cosim device over vfio-user, boots the guest and
/// shows, line by line, what the guest's driver saw.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var demo = new Command(
            "demo",
            "Boot a stock QEMU guest against a Cosim device outside QEMU and show what the guest's driver saw. "
            + "Installs and builds what it needs on first use (cached).");
        demo.SetAction(async (ParseResult _, CancellationToken cancellationToken) =>
        {
            using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            GuestImage image = await GuestProvisioner.EnsureAsync(Console.Error.WriteLine, cancellationToken);
            DirectoryInfo run = Directory.CreateTempSubdirectory("cosim-demo-");
            string socket = Path.Combine(run.FullName, "cosim-test.sock");
            var device = new CosimTestDevice(loggers.CreateLogger("cosim-test"));
            using var server = new VfioUserServer(socket, device, new VfioUserServerOptions(), loggers.CreateLogger("endpoint"));
            server.Start();

            Console.Error.WriteLine($"==> Cosim test device (1234:c05a) served at {socket}; booting the guest (the console follows)");
            GuestRunResult result = await GuestRunner.RunAsync(
                new GuestRunOptions
                {
                    TestName = "cosim-test-device",
                    Devices = [new VfioUserDevice(socket)],
                    TestTimeout = TimeSpan.FromSeconds(120),
                    HostTimeout = TimeSpan.FromSeconds(300),
                    ConsoleLogPath = Path.Combine(run.FullName, "console.log"),
                },
                image,
                line => Console.WriteLine("guest| " + line),
                cancellationToken);
            await server.StopAsync();

            Console.WriteLine(result.Passed
                ? $"==> demo passed in {result.Elapsed.TotalSeconds:F1} s: the guest's vfio-pci driver saw the device's identity, BAR registers, an MSI-X interrupt and DMA both ways"
                : "==> demo FAILED: " + result.Describe());
            return result.Passed ? 0 : 1;
        });
        return demo;
    }
}
