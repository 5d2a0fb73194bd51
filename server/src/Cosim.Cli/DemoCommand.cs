using System.CommandLine;
using Cosim.Qemu;
using Cosim.Server.Hosting;

namespace Cosim.Cli;

/// <summary>
/// <c>cosim demo</c>: provisions QEMU and the guest, serves one Cosim device the way <c>cosim run</c> does (a topology
/// naming the model), boots the guest and shows, line by line, what the guest's real driver saw. Swapping the
/// behavioral pci-epf-test for its RTL is one value: <c>--model rtl:pci-epf-test</c>.
/// </summary>
internal static class DemoCommand
{
    private static readonly Dictionary<string, DemoCase> s_cases = new(StringComparer.Ordinal)
    {
        ["pci-epf-test"] = new(
            "the behavioral pci-epf-test model (104c:b500) under the guest kernel's own pci_endpoint_test driver and pci_endpoint kselftest",
            "kselftest-pci-endpoint",
            InterruptRemapping: true),
        ["rtl:pci-epf-test"] = new(
            "the Verilog pci-epf-test (models/rtl/pci-epf-test, built by Verilator) under the same driver and kselftest",
            "kselftest-pci-endpoint",
            InterruptRemapping: true),
        ["cosim-test"] = new(
            "Cosim's test device (1234:c05a) under the kernel's vfio-pci driver: BAR registers, MSI-X, DMA both ways",
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
            + "Installs and builds what it needs on first use (cached).")
        {
            model,
        };
        demo.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            string name = parse.GetValue(model)!;
            DemoCase chosen = s_cases[name];
            DirectoryInfo run = Directory.CreateTempSubdirectory("cosim-demo-");
            string socket = Path.Combine(run.FullName, "device.sock");
            // The topology a user would write for this device (kept beside the console log).
            string config = Path.Combine(run.FullName, "topology.json");
            File.WriteAllText(config, $$"""
                {
                  "Devices": [ { "Name": "demo0", "Model": "{{name}}", "Attachment": { "VfioUser": { "Socket": "{{socket}}" } } } ],
                  "Logging": { "LogLevel": { "Default": "Warning" } }
                }
                """);
            var hostOptions = new CosimHostOptions { Role = CosimRole.Run, ConfigFile = config };
            Console.Error.WriteLine($"==> serving {chosen.Description} at {socket}; the guest's console follows");
            var guest = new GuestRunOptions
            {
                TestName = chosen.GuestTest,
                InterruptRemapping = chosen.InterruptRemapping,
                TestTimeout = TimeSpan.FromMinutes(8),
                HostTimeout = TimeSpan.FromMinutes(10),
                ConsoleLogPath = Path.Combine(run.FullName, "console.log"),
            };
            int exitCode = await HostedGuest.RunAsync(hostOptions, guest, interactive: false, line => Console.WriteLine("guest| " + line), cancellationToken);
            Console.WriteLine($"==> demo {(exitCode == 0 ? "passed" : "FAILED")}; console log: {guest.ConsoleLogPath}");
            return exitCode;
        });
        return demo;
    }

    private sealed record DemoCase(string Description, string GuestTest, bool InterruptRemapping);
}
