using System.Diagnostics;
using Cosim.Hdl.Toolchain;

namespace Cosim.Hdl.Tests.Toolchain;

public sealed class RtlBuilderTests
{
    [Fact]
    public async Task BuildingTheSameDesignTwiceReturnsTheCachedLibrary()
    {
        RtlBuildResult first = await TestDesigns.BuildAsync("typed_ports.sv");

        RtlBuildResult second = await TestDesigns.Builder.BuildAsync(RtlDesign.FromFile(TestDesigns.PathOf("typed_ports.sv")));

        Assert.True(second.FromCache);
        Assert.Equal(first.LibraryPath, second.LibraryPath);
        Assert.Equal(first.Hash, second.Hash);
        Assert.StartsWith(Path.Combine(TestDesigns.Builder.CacheDirectory, "rtl", first.Hash), first.LibraryPath, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")] // always compiles a fresh library (a few seconds)
    public async Task EditingASourceBuildsANewLibraryAndReportsEachStep()
    {
        using var directory = new TemporaryDirectory();
        string source = directory.File("typed_ports.sv");
        File.Copy(TestDesigns.PathOf("typed_ports.sv"), source);
        File.AppendAllText(source, $"// edited {Guid.NewGuid()}\n");
        var progress = new List<string>();
        var builder = new RtlBuilder(new RtlBuilderOptions { Progress = progress.Add });
        RtlBuildResult original = await TestDesigns.BuildAsync("typed_ports.sv");

        RtlBuildResult edited = await builder.BuildAsync(RtlDesign.FromFile(source));

        Assert.False(edited.FromCache);
        Assert.NotEqual(original.Hash, edited.Hash);
        Assert.Contains(progress, line => line.Contains("reading ports", StringComparison.Ordinal));
        Assert.Contains(progress, line => line.Contains("verilating (FST tracing compiled in)", StringComparison.Ordinal));
        Assert.Contains(progress, line => line.Contains("compiling libvb_typed_ports.so", StringComparison.Ordinal));
        Assert.Contains(progress, line => line.Contains("built", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(edited.Directory, "build.log")));
    }

    [Fact]
    public async Task ASyntaxErrorIsReportedWithTheFileAndLine()
    {
        RtlBuildException thrown = await Assert.ThrowsAsync<RtlBuildException>(
            () => TestDesigns.Builder.BuildAsync(RtlDesign.FromFile(TestDesigns.PathOf("broken/syntax_error.sv"))));

        Assert.Equal("verilator --xml-only", thrown.Step);
        Assert.Contains("syntax_error.sv:7", thrown.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(thrown.LogPath));
    }

    [Fact]
    public async Task AnUnpackedArrayPortIsRejectedNamingThePort()
    {
        RtlBuildException thrown = await Assert.ThrowsAsync<RtlBuildException>(
            () => TestDesigns.Builder.BuildAsync(RtlDesign.FromFile(TestDesigns.PathOf("broken/unpacked_port.sv"))));

        Assert.Equal(NetlistReader.Step, thrown.Step);
        Assert.Contains("port lanes has type an unpacked array", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingSourceIsRejectedBeforeVerilatorRuns()
    {
        RtlBuildException thrown = await Assert.ThrowsAsync<RtlBuildException>(
            () => TestDesigns.Builder.BuildAsync(RtlDesign.FromFile(TestDesigns.PathOf("no_such_design.sv"))));

        Assert.Equal("design", thrown.Step);
        Assert.Contains("no_such_design.sv", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypedPortsAreBitVectorsOfTheirPackedWidth()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync("typed_ports.sv");

        model["a_byte"].Value = 0xC3;
        // beat_t is {tag[3:0], data[7:0], last}: tag 0xA, data 0x5C, last 1.
        model["beat"].Value = (0xAUL << 9) | (0x5CUL << 1) | 1;
        model["go__now"].Set(true);
        model.Tick();

        Assert.Equal(
            ["clk:1", "a_byte:8", "beat:13", "lanes:32", "state:2", "go__now:1"],
            model.Ports.Select(p => $"{p.Name}:{p.Width}").ToArray());
        // lanes = {a_byte, beat.data, {4'd0, beat.tag}, {7'd0, beat.last}}.
        Assert.Equal(0xC3_5C_0A_01UL, model["lanes"].Value);
        Assert.Equal(1UL, model["state"].Value);
    }

    [Fact]
    public async Task TheDesignLibraryExportsOnlyItsEntryPointAndTheBridgeOnlyVbFunctions()
    {
        RtlBuildResult build = await TestDesigns.BuildAsync("typed_ports.sv");

        string[] design = await DynamicSymbolsAsync(build.LibraryPath);
        string[] bridge = await DynamicSymbolsAsync(build.BridgeLibraryPath);

        Assert.Equal(["vb_design_v1"], design);
        Assert.All(bridge, symbol => Assert.StartsWith("vb_", symbol, StringComparison.Ordinal));
        Assert.Contains("vb_tick", bridge);
        Assert.Contains("vb_port_ptr", bridge);
        Assert.Contains("vb_run_cycles", bridge);
    }

    private static async Task<string[]> DynamicSymbolsAsync(string library)
    {
        var start = new ProcessStartInfo("nm", ["-D", "--defined-only", library]) { RedirectStandardOutput = true };
        using Process nm = Process.Start(start)!;
        string output = await nm.StandardOutput.ReadToEndAsync();
        await nm.WaitForExitAsync();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[^1]).Order(StringComparer.Ordinal)];
    }
}
