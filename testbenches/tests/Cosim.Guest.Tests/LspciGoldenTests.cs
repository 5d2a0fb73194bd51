using Cosim.Models.Edu;
using Cosim.Models.PciEpfTest;
using Cosim.Models.TestDevice;
using Cosim.Qemu;
using Cosim.Tlp;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>
/// The guest's own <c>lspci -vvv -nn</c> of each model, compared with a golden file: identity, BARs, every
/// capability and its fields as the real consumer decodes them. Set COSIM_UPDATE_GOLDEN=1 to rewrite the files
/// (then review the diff like code).
/// </summary>
[Trait("Category", "Integration")]
public sealed class LspciGoldenTests(ITestOutputHelper output)
{
    [Fact]
    public async Task LspciOfEveryModelMatchesItsGoldenFile()
    {
        (string Id, string Golden, Func<IPcieFunction> Create)[] models =
        [
            ("104c:b500", "pci-epf-test.lspci", () => new PciEpfTestDevice()),
            ("1234:11e8", "edu.lspci", () => new EduDevice()),
            ("1234:c05a", "cosim-test.lspci", () => new CosimTestDevice()),
        ];
        GuestRunResult result = await GuestBoot.RunAsync(
            output,
            new GuestRunOptions
            {
                TestName = "lspci",
                TestArguments = [.. models.Select(m => m.Id)],
                TestTimeout = TimeSpan.FromSeconds(60),
                HostTimeout = TimeSpan.FromSeconds(180),
            },
            [.. models.Select(m => m.Create())]);

        Assert.True(result.Passed, result.Describe());
        foreach ((string id, string golden, _) in models)
        {
            string actual = Block(result.TestOutput, id);
            string path = Path.Combine(GoldenDirectory, golden);
            if (Environment.GetEnvironmentVariable("COSIM_UPDATE_GOLDEN") == "1")
            {
                await File.WriteAllTextAsync(path, actual);
            }

            Assert.True(File.Exists(path), $"no golden file {path}; run with COSIM_UPDATE_GOLDEN=1 and review it");
            Assert.Equal(await File.ReadAllTextAsync(path), actual);
        }
    }

    private static string GoldenDirectory => Path.Combine(CosimPaths.Repository, "testbenches", "tests", "Cosim.Guest.Tests", "Golden");

    private static string Block(IReadOnlyList<string> lines, string id)
    {
        int begin = lines.ToList().IndexOf("LSPCI-BEGIN " + id);
        int end = lines.ToList().IndexOf("LSPCI-END " + id);
        Assert.True(begin >= 0 && end > begin, $"no lspci output for {id}");
        return string.Join('\n', lines.Skip(begin + 1).Take(end - begin - 1)) + "\n";
    }
}
