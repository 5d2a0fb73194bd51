namespace Cosim.Cli.Tests.Rtl;

/// <summary><c>cosim rtl build</c> over the pci-epf-test RTL shipped beside cosim, built by the real Verilator.</summary>
public sealed class RtlBuildTests
{
    private const string Library = "libvb_pci_epf_test.so";

    [Fact]
    [Trait("Category", "Integration")] // Verilator and g++ (cached by content after the first build)
    public async Task BuildByNamePrintsTheLibraryPathAndASecondBuildIsACacheHit()
    {
        (int exitCode, string output, string error) = await CosimCommandLine.RunAsync("rtl", "build", "pci-epf-test");
        (int againExitCode, string againOutput, string againError) = await CosimCommandLine.RunAsync("rtl", "build", "rtl:pci-epf-test");

        Assert.True(exitCode == 0, error);
        string library = output.Trim();
        Assert.EndsWith(Library, library, StringComparison.Ordinal);
        Assert.True(File.Exists(library), library);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(library)!, "libvbridge.so")));
        Assert.Contains("==> pci_epf_test:", error, StringComparison.Ordinal);
        Assert.Equal(0, againExitCode);
        Assert.Equal(library, againOutput.Trim());
        Assert.Contains("cached", againError, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task ADescriptionFileBuiltWithAnotherTraceFormatIsAnotherLibrary()
    {
        string description = Path.Combine(AppContext.BaseDirectory, "rtl", "pci-epf-test", "pci_epf_test.json");

        (int fstExitCode, string fst, string fstError) = await CosimCommandLine.RunAsync("rtl", "build", description);
        (int noneExitCode, string none, string noneError) = await CosimCommandLine.RunAsync("rtl", "build", description, "--trace", "none");

        Assert.True(fstExitCode == 0, fstError);
        Assert.True(noneExitCode == 0, noneError);
        Assert.EndsWith(Library, none.Trim(), StringComparison.Ordinal);
        Assert.NotEqual(fst.Trim(), none.Trim());
        Assert.Contains("tracing: none", noneError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownNameFailsAndListsTheModelsFound()
    {
        (int exitCode, string output, string error) = await CosimCommandLine.RunAsync("rtl", "build", "no-such-device");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("no RTL description 'no-such-device'", error, StringComparison.Ordinal);
        Assert.Contains("rtl:pci-epf-test", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingDescriptionFileFailsNamingIt()
    {
        (int exitCode, _, string error) = await CosimCommandLine.RunAsync("rtl", "build", "missing/device.json");

        Assert.Equal(1, exitCode);
        Assert.Contains($"the description {Path.GetFullPath("missing/device.json")} does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpTellsANewUserWhatToPassAndWhereTheLibraryGoes()
    {
        (int exitCode, string output, _) = await CosimCommandLine.RunAsync("rtl", "build", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("cosim rtl build pci-epf-test", output, StringComparison.Ordinal);
        Assert.Contains("$COSIM_RTL_PATH", output, StringComparison.Ordinal);
        Assert.Contains("$COSIM_CACHE/rtl", output, StringComparison.Ordinal);
        Assert.Contains("--trace", output, StringComparison.Ordinal);
    }
}
