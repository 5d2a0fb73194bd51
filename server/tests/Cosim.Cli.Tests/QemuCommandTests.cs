using System.Diagnostics;

namespace Cosim.Cli.Tests;

/// <summary><c>cosim qemu</c> and <c>cosim demo</c> run as a user runs them: the built <c>cosim</c> in its own process.</summary>
public sealed class QemuCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cosim-qemu-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ABadTopologyFailsBeforeQemuStartsAndNamesTheKey()
    {
        string config = Topology("no-such-model");

        (int exitCode, string output, string error) = await CosimAsync("qemu", "--config", config, "--test", "smoke");

        Assert.Equal(2, exitCode);
        Assert.Contains("Devices:0:Model: unknown model 'no-such-model'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("booting the guest", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("--memory", "16", "--memory must be 256-65536 MiB.")]
    [InlineData("--timeout", "1", "--timeout must be 10-86400 seconds.")]
    public async Task OutOfRangeOptionsAreRefused(string option, string value, string message)
    {
        (int exitCode, _, string error) = await CosimAsync("qemu", "--config", Topology("cosim-test"), option, value);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task TheGuestRunsItsTestAgainstTheTopologysDevice()
    {
        string config = Topology("cosim-test");

        (int exitCode, string output, string error) = await CosimAsync("qemu", "--config", config, "--test", "cosim-test-device", "--check-tlp");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}");
        Assert.Contains("guest| PASS dma-read", output, StringComparison.Ordinal);
        Assert.Contains("==> guest test 'cosim-test-device' passed", output, StringComparison.Ordinal);
        Assert.Contains("booting the guest with dev0 (cosim-test)", error, StringComparison.Ordinal);
        Assert.Contains("TLP protocol checker on", error, StringComparison.Ordinal);
        Assert.DoesNotContain("TLP protocol violation", error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task TheDemoBootsTheGuestAgainstTheChosenModel()
    {
        (int exitCode, string output, string error) = await CosimAsync("demo", "--model", "cosim-test");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}");
        Assert.Contains("guest| PASS dma-read", output, StringComparison.Ordinal);
        Assert.Contains("==> demo passed", output, StringComparison.Ordinal);
        Assert.Contains("booting the guest with demo0 (cosim-test)", error, StringComparison.Ordinal);
    }

    private string Topology(string model)
    {
        string path = Path.Combine(_directory, "topology.json");
        File.WriteAllText(path, $$"""
            { "Devices": [ { "Name": "dev0", "Model": "{{model}}", "Attachment": { "VfioUser": { "Socket": "{{Path.Combine(_directory, "dev0.sock")}}" } } } ] }
            """);
        return path;
    }

    private static async Task<(int ExitCode, string Output, string Error)> CosimAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cosim.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(15));
        return (process.ExitCode, await output, await error);
    }
}
