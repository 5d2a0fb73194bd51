using Cosim.Models.Nvme;
using Cosim.Qemu;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>
/// The stock Linux nvme driver against Cosim's NVMe controller model: the namespace appears as /dev/nvme0n1 of the
/// configured size; mkfs.ext2, a tree of files with known SHA-256, e2fsck -fn clean, raw pattern I/O; then the
/// guest and the model are stopped, started again on the same backing file, and every byte is still there.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NvmeEndToEndTests(ITestOutputHelper output)
{
    private const long NamespaceBytes = 64L << 20;

    [Fact]
    public async Task FilesystemAndRawDataSurviveARestartOfGuestAndModel()
    {
        DirectoryInfo run = Directory.CreateTempSubdirectory("cosim-nvme-");
        string backing = Path.Combine(run.FullName, "namespace.img");

        GuestRunResult written = await BootAsync(backing, "write");
        GuestRunResult verified = await BootAsync(backing, "verify");

        Assert.Contains($"SIZE {NamespaceBytes}", written.TestOutput);
        string[] writtenData = [.. written.TestOutput.Where(IsDataLine)];
        Assert.Equal(7, writtenData.Length); // six file hashes and the raw pattern
        Assert.Equal(writtenData, verified.TestOutput.Where(IsDataLine));
        Assert.Equal(2, written.TestOutput.Concat(verified.TestOutput).Count(l => l == "FSCK rc=0"));
    }

    private static bool IsDataLine(string line) =>
        line.StartsWith("HASH ", StringComparison.Ordinal) || line.StartsWith("RAW ", StringComparison.Ordinal);

    private async Task<GuestRunResult> BootAsync(string backing, string phase)
    {
        using NvmeController controller = NvmeController.Create(
            new NvmeOptions { NamespacePath = backing, NamespaceSize = NamespaceBytes },
            new TestOutputLogger(output, "nvme"));
        GuestRunResult result = await GuestBoot.RunAsync(
            output,
            new GuestRunOptions
            {
                TestName = "nvme-e2e",
                TestArguments = [phase],
                Modules = ["nvme", "ext4"],
                TestTimeout = TimeSpan.FromMinutes(5),
                HostTimeout = TimeSpan.FromMinutes(7),
            },
            controller);
        output.WriteLine($"--- {phase}");
        foreach (string line in result.TestOutput)
        {
            output.WriteLine(line);
        }

        Assert.True(result.Passed, result.Describe());
        return result;
    }
}
