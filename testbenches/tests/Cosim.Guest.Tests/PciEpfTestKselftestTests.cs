using Cosim.Models.PciEpfTest;
using Cosim.Qemu;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>
/// The unmodified in-tree pci_endpoint_test driver of the guest kernel binds to Cosim's pci-epf-test model and the
/// kernel's own pci_endpoint kselftest runs all 23 tests against it, with the best results real hardware gets:
/// 21 ok, BAR0.BAR_SUBRANGE_TEST skipped (the register BAR) and MSIX_TEST skipped only past the table size.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PciEpfTestKselftestTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KselftestPassesAgainstTheBehavioralModel()
    {
        GuestRunResult result = await GuestBoot.RunAsync(
            output,
            new GuestRunOptions
            {
                TestName = "kselftest-pci-endpoint",
                InterruptRemapping = true,
                TestTimeout = TimeSpan.FromMinutes(8),
                HostTimeout = TimeSpan.FromMinutes(10),
            },
            new PciEpfTestDevice(new TestOutputLogger(output, "pci-epf-test")));

        Assert.True(result.Passed, result.Describe());
        Assert.Contains("21 passed, 0 failed, 2 skipped", result.TestOutput);
        Assert.Contains(result.TestOutput, line => line.Contains("ok 7 pci_ep_bar.BAR0.BAR_SUBRANGE_TEST # SKIP", StringComparison.Ordinal)
            || (line.Contains("BAR0.BAR_SUBRANGE_TEST", StringComparison.Ordinal) && line.Contains("SKIP", StringComparison.Ordinal)));
        Assert.Contains(result.TestOutput, line => line.Contains("MSIX_TEST", StringComparison.Ordinal) && line.Contains("SKIP", StringComparison.Ordinal));
        Assert.DoesNotContain(result.TestOutput, line => line.Contains("Test failed", StringComparison.Ordinal));
    }
}
