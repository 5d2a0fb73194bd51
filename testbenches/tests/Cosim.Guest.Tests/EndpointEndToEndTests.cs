using System.IO.Hashing;
using Cosim.Qemu;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>
/// The endpoint's proof: a real guest under stock QEMU drives Cosim's test device through vfio-user-pci and the
/// kernel's own vfio-pci driver: identity, memory and I/O BAR registers, an MSI-X interrupt counted in
/// /proc/interrupts, and DMA in both directions. The same test runs with the device served in-process
/// (<c>cosim run</c>) and across the TCP link (<c>cosim serve</c> + <c>cosim endpoint</c>), and with two devices
/// served by one server process to one guest, each keeping its own state.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EndpointEndToEndTests(ITestOutputHelper output)
{
    private static readonly string[] s_checks = ["identity", "memory-bar", "io-bar", "msix", "dma-write", "dma-read"];

    [Theory]
    [InlineData(ServeMode.Embedded, 1)]
    [InlineData(ServeMode.Split, 1)]
    [InlineData(ServeMode.Split, 2)]
    public async Task GuestDrivesTheTestDeviceThroughTheVfioUserEndpoint(ServeMode mode, int devices)
    {
        GuestRunResult result = await HostedBoot.RunAsync(
            output,
            new GuestRunOptions
            {
                TestName = "cosim-test-device",
                TestTimeout = TimeSpan.FromSeconds(120 * devices),
                HostTimeout = TimeSpan.FromSeconds(300 * devices),
            },
            mode,
            [.. Enumerable.Range(0, devices).Select(i => ($"test{i}", "cosim-test"))]);

        Assert.True(result.Passed, result.Describe());
        Assert.Equal(devices, result.TestOutput.Count(line => line.StartsWith("=== device ", StringComparison.Ordinal)));
        foreach (string check in s_checks)
        {
            Assert.Equal(devices, result.TestOutput.Count(line => line.StartsWith("PASS " + check, StringComparison.Ordinal)));
        }

        // The guest filled 0x200 bytes with seq:7 (byte i = 7 + i); each device's CRC-32 must be that data's.
        byte[] pattern = Enumerable.Range(0, 0x200).Select(i => (byte)(7 + i)).ToArray();
        string expected = $"bar0+0x38 = 0x{Crc32.HashToUInt32(pattern):x8}";
        Assert.Equal(devices, result.TestOutput.Count(line => line.Contains(expected, StringComparison.Ordinal)));
    }
}
