using System.IO.Hashing;
using Cosim.Models.TestDevice;
using Cosim.Qemu;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>
/// The endpoint's proof: a real guest under stock QEMU drives Cosim's test device through vfio-user-pci and the
/// kernel's own vfio-pci driver: identity, memory and I/O BAR registers, an MSI-X interrupt counted in
/// /proc/interrupts, and DMA in both directions.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EndpointEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task GuestDrivesTheTestDeviceThroughTheVfioUserEndpoint()
    {
        GuestRunResult result = await GuestBoot.RunAsync(
            output,
            new GuestRunOptions
            {
                TestName = "cosim-test-device",
                TestTimeout = TimeSpan.FromSeconds(120),
                HostTimeout = TimeSpan.FromSeconds(300),
            },
            new CosimTestDevice(new TestOutputLogger(output, "device")));

        Assert.True(result.Passed, result.Describe());
        foreach (string check in new[] { "identity", "memory-bar", "io-bar", "msix", "dma-write", "dma-read" })
        {
            Assert.Contains(result.TestOutput, line => line.StartsWith("PASS " + check, StringComparison.Ordinal));
        }

        // The guest filled 0x200 bytes with seq:7 (byte i = 7 + i); the device's CRC-32 must be that data's.
        byte[] pattern = Enumerable.Range(0, 0x200).Select(i => (byte)(7 + i)).ToArray();
        string expected = $"bar0+0x38 = 0x{Crc32.HashToUInt32(pattern):x8}";
        Assert.Contains(result.TestOutput, line => line.Contains(expected, StringComparison.Ordinal));
    }
}
