using System.CommandLine;
using Cosim.Models.PciEpfTest;
using Cosim.Models.TestDevice;
using Cosim.Qemu;
using Cosim.Tlp;
using Cosim.VfioUser;
using Microsoft.Extensions.Logging;

namespace Cosim.Cli;

/// <summary>
/// <c>cosim demo</c>: provisions QEMU and the guest, serves a Cosim device over vfio-user, boots the guest and
/// shows, line by line, what the guest's driver saw.
/// </summary>
internal static class DemoCommand
{
    private static readonly Dictionary<string, DemoCase> s_cases = new(StringComparer.Ordinal)
    {
        ["pci-epf-test"] = new(
            "the pci-epf-test model (104c:b500) under the guest kernel's own pci_endpoint_test driver and pci_endpoint kselftest",
            logger => new PciEpfTestDevice(logger),
            "kselftest-pci-endpoint",
            InterruptRemapping: true),
        ["cosim-test"] = new(
            "Cosim's test device (1234:c05a) under the kernel's vfio-pci driver: BAR registers, MSI-X, DMA both ways",
            logger => new CosimTestDevice(logger),
            "cosim-test-device",
            InterruptRemapping: false),
    };

    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "The device to serve: " + string.Join(", ", s_cases.Keys) + ".",
            DefaultValueFactory = _ => "pci-epf-test",
        };
        model.AcceptOnlyFromAmong([.. s_cases.Keys]);
        var demo = new Command(
            "demo",
            "Boot a stock QEMU guest against a Cosim device outside QEMU and show what the guest's real driver saw. "
            + "Installs and builds what it needs on first use (cached).");
        demo.Options.Add(model);
        demo.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            DemoCase chosen = s_cases[parse.GetValue(model)!];
            using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            GuestImage image = await GuestProvisioner.EnsureAsync(Console.Error.WriteLine, cancellationToken);
            DirectoryInfo run = Directory.CreateTempSubdirectory("cosim-demo-");
            string socket = Path.Combine(run.FullName, "device.sock");
            IPcieFunction device = chosen.Create(loggers.CreateLogger(parse.GetValue(model)!));
            using var server = new VfioUserServer(socket, device, new VfioUserServerOptions(), loggers.CreateLogger("endpoint"));
            server.Start();

            Console.Error.WriteLine($"==> serving {chosen.Description} at {socket}; booting the guest (its console follows)");
            GuestRunResult result = await GuestRunner.RunAsync(
                new GuestRunOptions
                {
                    TestName = chosen.GuestTest,
                    Devices = [new VfioUserDevice(socket)],
                    InterruptRemapping = chosen.InterruptRemapping,
                    TestTimeout = TimeSpan.FromMinutes(8),
                    HostTimeout = TimeSpan.FromMinutes(10),
                    ConsoleLogPath = Path.Combine(run.FullName, "console.log"),
                },
                image,
                line => Console.WriteLine("guest| " + line),
                cancellationToken);
            await server.StopAsync();

            Console.WriteLine(result.Passed
                ? $"==> demo passed in {result.Elapsed.TotalSeconds:F1} s ({result.TestOutput.LastOrDefault(l => l.Contains(" passed, ", StringComparison.Ordinal)) ?? "ok"}); console log: {Path.Combine(run.FullName, "console.log")}"
                : "==> demo FAILED: " + result.Describe());
            return result.Passed ? 0 : 1;
        });
        return demo;
    }

    private sealed record DemoCase(string Description, Func<ILogger, IPcieFunction> Create, string GuestTest, bool InterruptRemapping);
}
