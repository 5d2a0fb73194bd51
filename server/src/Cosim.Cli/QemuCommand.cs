using System.CommandLine;
using Cosim.Qemu;
using Cosim.Server.Hosting;

namespace Cosim.Cli;

/// <summary>
/// <c>cosim qemu --config x.json</c>: serves the topology in this process and boots the test guest in stock QEMU
/// against it, either running one guest test or leaving a shell on the console.
/// </summary>
internal static class QemuCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "The JSON topology file (docs/configuration.md); every device gets a vfio-user socket.",
            Required = true,
        };
        var test = new Option<string?>("--test")
        {
            Description = "A guest test to run (qemu-endpoint/guest/tests/NAME.sh, e.g. kselftest-pci-endpoint, "
                + "cosim-test-device, nvme-e2e); the exit code is the test's. Without it: a shell on the guest console.",
        };
        var arguments = new Option<string[]>("--test-arg")
        {
            Description = "An argument for the guest test (repeatable; no spaces or commas).",
        };
        var modules = new Option<string[]>("--module")
        {
            Description = "A kernel module the guest loads before the test (repeatable), e.g. pci_endpoint_test.",
        };
        var remapping = new Option<bool>("--interrupt-remapping")
        {
            Description = "Give the guest an IOMMU with interrupt remapping (intel-iommu): needed by drivers that use "
                + "several MSI vectors, such as pci_endpoint_test in the kselftest. Off: vfio-pci runs in no-IOMMU mode.",
        };
        var memory = new Option<int>("--memory")
        {
            Description = "Guest RAM in MiB.",
            DefaultValueFactory = _ => 1024,
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds the guest test may take before the guest gives up (the host allows 2 minutes more).",
            DefaultValueFactory = _ => 600,
        };
        memory.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 256 or > 65536)
            {
                result.AddError("--memory must be 256-65536 MiB.");
            }
        });
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 10 or > 86400)
            {
                result.AddError("--timeout must be 10-86400 seconds.");
            }
        });
        var trace = RunCommand.TraceOption();
        var checkTlp = RunCommand.CheckTlpOption();
        var set = RunCommand.SetOption();
        var command = new Command(
            "qemu",
            "Serve the topology's devices in this process (as `cosim run`) and boot the test guest in stock QEMU "
            + "(>= 10.1, provisioned on first use) with each device on vfio-user-pci. With --test the guest runs that "
            + "test and powers off; without it you get a shell on the guest console (lspci, the drivers, your tools).")
        {
            config, test, arguments, modules, remapping, memory, timeout, trace, checkTlp, set,
        };
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            string? testName = parse.GetValue(test);
            var hostOptions = new CosimHostOptions
            {
                Role = CosimRole.Run,
                ConfigFile = parse.GetValue(config),
                Overrides = RunCommand.TraceOverride(parse.GetValue(trace), parse.GetValue(checkTlp)),
                Settings = parse.GetValue(set) ?? [],
            };
            var guest = new GuestRunOptions
            {
                TestName = testName ?? "",
                TestArguments = parse.GetValue(arguments) ?? [],
                Modules = parse.GetValue(modules) ?? [],
                InterruptRemapping = parse.GetValue(remapping),
                MemoryMiB = parse.GetValue(memory),
                TestTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                HostTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout) + 120),
            };
            return await HostedGuest.RunAsync(hostOptions, guest, interactive: testName is null, line => Console.WriteLine("guest| " + line), cancellationToken);
        });
        return command;
    }
}
