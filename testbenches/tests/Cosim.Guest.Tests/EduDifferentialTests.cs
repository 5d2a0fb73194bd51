using Cosim.Models.Edu;
using Cosim.Qemu;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>
/// Differential proof of the edu model: one guest program exercises every edu register, the factorial, the
/// interrupts and a DMA round trip through physical addresses, once against QEMU's own in-process -device edu and
/// once against Cosim's edu model behind vfio-user-pci. The two outputs must be identical.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EduDifferentialTests(ITestOutputHelper output)
{
    // edu's default DMA mask is 28 bits: with 256 MiB of guest RAM every buffer lies below it for both devices.
    private const int GuestMemoryMiB = 256;

    [Fact]
    public async Task EduModelAnswersExactlyAsQemusEdu()
    {
        GuestRunResult qemu = await GuestBoot.RunAsync(output, Options(extraDevices: ["edu"]));
        Assert.True(qemu.Passed, qemu.Describe());
        GuestRunResult cosim = await GuestBoot.RunAsync(output, Options(extraDevices: []), new EduDevice(new TestOutputLogger(output, "edu")));
        Assert.True(cosim.Passed, cosim.Describe());

        output.WriteLine("--- QEMU edu");
        foreach (string line in qemu.TestOutput)
        {
            output.WriteLine(line);
        }

        Assert.Contains("edu-diff: done", qemu.TestOutput);
        Assert.Contains("   bar0+0x8 = 0x1c8cfc00", qemu.TestOutput); // 12! = 479001600: the program really ran
        Assert.Equal(qemu.TestOutput, cosim.TestOutput);
    }

    private static GuestRunOptions Options(IReadOnlyList<string> extraDevices) => new()
    {
        TestName = "edu-diff",
        MemoryMiB = GuestMemoryMiB,
        ExtraDevices = extraDevices,
        TestTimeout = TimeSpan.FromSeconds(120),
        HostTimeout = TimeSpan.FromSeconds(240),
    };
}
