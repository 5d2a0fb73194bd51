using Cosim.Models.Edu;
using Cosim.Qemu;
using Cosim.VfioUser;
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
        GuestImage image = await GuestProvisioner.EnsureAsync(output.WriteLine, CancellationToken.None);
        GuestRunResult qemu = await GuestRunner.RunAsync(Options(extraDevices: ["edu"], devices: []), image, null, CancellationToken.None);
        Assert.True(qemu.Passed, qemu.Describe());

        DirectoryInfo run = Directory.CreateTempSubdirectory("cosim-edu-");
        string socket = Path.Combine(run.FullName, "edu.sock");
        using var server = new VfioUserServer(socket, new EduDevice(new TestOutputLogger(output, "edu")), new VfioUserServerOptions(), new TestOutputLogger(output, "endpoint"));
        server.Start();
        GuestRunResult cosim = await GuestRunner.RunAsync(Options(extraDevices: [], devices: [new VfioUserDevice(socket)]), image, null, CancellationToken.None);
        await server.StopAsync();
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

    private static GuestRunOptions Options(IReadOnlyList<string> extraDevices, IReadOnlyList<VfioUserDevice> devices) => new()
    {
        TestName = "edu-diff",
        MemoryMiB = GuestMemoryMiB,
        ExtraDevices = extraDevices,
        Devices = devices,
        TestTimeout = TimeSpan.FromSeconds(120),
        HostTimeout = TimeSpan.FromSeconds(240),
    };
}
