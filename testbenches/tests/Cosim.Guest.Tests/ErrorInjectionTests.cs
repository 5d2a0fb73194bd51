using System.Text;
using Cosim.Qemu;
using Cosim.Server.Hosting;
using Cosim.Server.Injection;
using Cosim.Server.Models;
using Cosim.Server.Topology;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>
/// Error injection on the live link, configured as a user would (<c>Devices:N:Inject</c>), against the real
/// pci_endpoint_test driver: the device's first DMA read of guest memory is answered with Completer Abort. The model
/// sets STATUS_READ_FAIL | STATUS_SRC_ADDR_INVALID and raises its interrupt; the driver's PCITEST_WRITE ioctl (the
/// kselftest's WRITE_TEST, which makes the device read the guest's buffer) returns -EIO for that transfer; every
/// later transfer, and the tests after it, pass; the guest finishes its script and powers off; nothing hangs.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ErrorInjectionTests(ITestOutputHelper output)
{
    private const string Topology = """
        {
          "CheckTlp": true,
          "Devices": [
            {
              "Name": "epf",
              "Model": "pci-epf-test",
              "Inject": [ { "Request": "MemRd", "Nth": 1, "Action": "CA" } ],
              "Attachment": { "VfioUser": { "Socket": "/tmp/cosim-inject-epf.sock" } }
            }
          ]
        }
        """;

    [Fact]
    public async Task ADmaReadCompletedWithCompleterAbortFailsOneTransferAndTheGuestCarriesOn()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Topology))).Build();
        ModelRegistry registry = ModelRegistry.CreateDefault();
        using var devices = new DeviceHost(TopologyReader.Read(configuration, registry), registry, new TestOutputLoggerFactory(output));
        HostedDevice epf = Assert.Single(devices.Devices);
        ErrorInjectingFunction injector = Assert.IsType<ErrorInjectingFunction>(epf.Function);

        // READ_TEST: the device writes guest memory (no MemRd). WRITE_TEST: the device reads the guest's buffer; its
        // first MemRd (the 1-byte transfer) gets CA. COPY_TEST: reads and writes again, after the fault.
        GuestRunResult result = await GuestBoot.RunAsync(
            output,
            new GuestRunOptions
            {
                TestName = "kselftest-pci-endpoint",
                TestArguments =
                [
                    "-r", "pci_ep_data_transfer.memcpy.READ_TEST",
                    "-r", "pci_ep_data_transfer.memcpy.WRITE_TEST",
                    "-r", "pci_ep_data_transfer.memcpy.COPY_TEST",
                ],
                InterruptRemapping = true,
                TestTimeout = TimeSpan.FromMinutes(5),
                HostTimeout = TimeSpan.FromMinutes(7),
            },
            epf.Function);

        Assert.False(result.HostTimedOut, result.Describe());
        Assert.Equal("1", result.ReturnCode); // the script ran to its end and reported the one failed test
        Assert.Equal(1, injector.HitsOf(0));
        // Of the five WRITE_TEST sizes (1, 1024, 1025, 1024000, 1024001 bytes) only the first failed, with -EIO (-5).
        string failure = Assert.Single(result.TestOutput, line => line.Contains("Test failed for size", StringComparison.Ordinal));
        Assert.EndsWith("WRITE_TEST:Test failed for size (1)", failure, StringComparison.Ordinal);
        Assert.Single(result.TestOutput, line => line.EndsWith("WRITE_TEST:Expected 0 (0) == ret (-5)", StringComparison.Ordinal));
        Assert.Contains(result.TestOutput, line => line.StartsWith("not ok", StringComparison.Ordinal) && line.Contains("memcpy.WRITE_TEST", StringComparison.Ordinal));
        Assert.Contains(result.TestOutput, line => line.StartsWith("ok", StringComparison.Ordinal) && line.Contains("memcpy.READ_TEST", StringComparison.Ordinal));
        Assert.Contains(result.TestOutput, line => line.StartsWith("ok", StringComparison.Ordinal) && line.Contains("memcpy.COPY_TEST", StringComparison.Ordinal));
        Assert.Contains("2 passed, 1 failed, 0 skipped", result.TestOutput);
        Assert.Empty(epf.Checking!.Violations); // a CA completion is protocol-correct; the device's side saw nothing wrong
    }
}
