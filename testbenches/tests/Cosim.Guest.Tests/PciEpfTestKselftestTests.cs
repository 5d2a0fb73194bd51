using System.Text.RegularExpressions;
using Cosim.Qemu;
using Cosim.Server.Hosting;
using Cosim.Server.Models;
using Cosim.Server.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>
/// The swap: the unmodified in-tree pci_endpoint_test driver of the guest kernel binds to pci-epf-test, and the
/// kernel's own pci_endpoint kselftest runs all 23 tests against it, once with the behavioral model and once with the
/// RTL model (Verilator, behind the TLP-stream bridge). The device is created the way the server creates it, from a
/// topology through the model registry: only the model name differs. Both give the best results real hardware gets,
/// test for test: 21 ok, BAR0.BAR_SUBRANGE_TEST skipped (the register BAR) and MSIX_TEST skipped only past the table.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class PciEpfTestKselftestTests(ITestOutputHelper output)
{
    /// <summary>The kselftest's TAP result lines, as the 7.3 kernel's pci_endpoint_test prints them on real hardware.</summary>
    private static readonly string[] s_expectedResults =
    [
        "ok 1 pci_ep_bar.BAR0.BAR_TEST",
        "ok 2 pci_ep_bar.BAR0.BAR_SUBRANGE_TEST # SKIP BAR is test register space",
        "ok 3 pci_ep_bar.BAR1.BAR_TEST",
        "ok 4 pci_ep_bar.BAR1.BAR_SUBRANGE_TEST",
        "ok 5 pci_ep_bar.BAR2.BAR_TEST",
        "ok 6 pci_ep_bar.BAR2.BAR_SUBRANGE_TEST",
        "ok 7 pci_ep_bar.BAR3.BAR_TEST",
        "ok 8 pci_ep_bar.BAR3.BAR_SUBRANGE_TEST",
        "ok 9 pci_ep_bar.BAR4.BAR_TEST",
        "ok 10 pci_ep_bar.BAR4.BAR_SUBRANGE_TEST",
        "ok 11 pci_ep_bar.BAR5.BAR_TEST",
        "ok 12 pci_ep_bar.BAR5.BAR_SUBRANGE_TEST",
        "ok 13 pci_ep_basic.CONSECUTIVE_BAR_TEST",
        "ok 14 pci_ep_basic.LEGACY_IRQ_TEST",
        "ok 15 pci_ep_basic.MSI_TEST",
        "ok 16 pci_ep_basic.MSIX_TEST # SKIP MSI-X33 is disabled",
        "ok 17 pci_ep_data_transfer.memcpy.READ_TEST",
        "ok 18 pci_ep_data_transfer.memcpy.WRITE_TEST",
        "ok 19 pci_ep_data_transfer.memcpy.COPY_TEST",
        "ok 20 pci_ep_data_transfer.dma.READ_TEST",
        "ok 21 pci_ep_data_transfer.dma.WRITE_TEST",
        "ok 22 pci_ep_data_transfer.dma.COPY_TEST",
        "ok 23 pcie_ep_doorbell.DOORBELL_TEST",
    ];

    public static TheoryData<string> Models => new() { "pci-epf-test", "rtl:pci-epf-test" };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task KselftestGivesTheSameResultsAgainstEitherModel(string model)
    {
        DirectoryInfo sockets = Directory.CreateTempSubdirectory("cosim-kselftest-topology-");
        ModelRegistry registry = ModelRegistry.CreateDefault();
        TopologyDefinition topology = TopologyReader.Read(Topology(model, Path.Combine(sockets.FullName, "epf.sock")), registry);
        using ILoggerFactory loggers = LoggerFactory.Create(builder => builder.AddProvider(new TestOutputLoggerProvider(output)));
        using var devices = new DeviceHost(topology, registry, loggers);

        GuestRunResult result = await GuestBoot.RunAsync(
            output,
            new GuestRunOptions
            {
                TestName = "kselftest-pci-endpoint",
                InterruptRemapping = true,
                TestTimeout = TimeSpan.FromMinutes(8),
                HostTimeout = TimeSpan.FromMinutes(10),
            },
            [.. devices.Devices.Select(d => d.Function)]);

        Assert.True(result.Passed, result.Describe());
        Assert.Equal(s_expectedResults, result.TestOutput.Select(l => l.Trim()).Where(l => TapResultLine().IsMatch(l)));
        Assert.Contains("21 passed, 0 failed, 2 skipped", result.TestOutput.Select(l => l.Trim()));
    }

    // The configuration a user writes: one device, the model named by one value, attached over vfio-user. (GuestBoot
    // serves the function on a socket of its own; the topology's socket only satisfies the reader.)
    private static IConfiguration Topology(string model, string socket) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Devices:0:Name"] = "epf",
            ["Devices:0:Model"] = model,
            ["Devices:0:Attachment:VfioUser:Socket"] = socket,
        })
        .Build();

    [GeneratedRegex(@"^(not )?ok \d+ ")]
    private static partial Regex TapResultLine();
}
