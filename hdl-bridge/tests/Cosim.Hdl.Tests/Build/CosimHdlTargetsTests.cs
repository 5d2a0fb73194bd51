using System.Diagnostics;

namespace Cosim.Hdl.Tests.Build;

/// <summary>
/// build/Cosim.Hdl.targets in a real <c>dotnet build</c> of a generated project: it builds the declared RTL,
/// copies the libraries to the output, skips the work when nothing changed, and rebuilds after an edit.
/// </summary>
public sealed class CosimHdlTargetsTests
{
    private const string SkippedMarker = "Skipping target \"CosimBuildRtl\" because all output files are up-to-date";

    [Fact]
    [Trait("Category", "Integration")] // three dotnet builds: about a minute
    public async Task AProjectDeclaringVerilogGetsTheLibraryAndRebuildsOnlyWhenTheRtlChanges()
    {
        using var directory = new TemporaryDirectory();
        string repository = RepositoryRoot();
        string source = directory.File("counter.sv");
        await File.WriteAllTextAsync(source, """
            module counter (input wire clk, input wire rst, output reg [7:0] count);
                always @(posedge clk) count <= rst ? 8'd0 : count + 8'd1;
            endmodule

            """);
        string project = directory.File("App.csproj");
        await File.WriteAllTextAsync(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{repository}/hdl-bridge/src/Cosim.Hdl/Cosim.Hdl.csproj" />
                <VerilogDesign Include="counter.sv" Top="counter" Trace="none" />
              </ItemGroup>
              <Import Project="{repository}/hdl-bridge/src/Cosim.Hdl/build/Cosim.Hdl.targets" />
            </Project>
            """);
        await File.WriteAllTextAsync(directory.File("Program.cs"), "System.Console.WriteLine(\"app\");\n");
        string output = Path.Combine(directory.Path, "bin", "Debug", "net10.0");

        (int firstExit, string first) = await BuildAsync(project);
        (int secondExit, string second) = await BuildAsync(project);
        // A new text on every run: the builder's cache is keyed by content, and an edit it has seen is a cache hit.
        await File.AppendAllTextAsync(source, $"// edited {Guid.NewGuid():N}\n");
        (int thirdExit, string third) = await BuildAsync(project);

        Assert.True(firstExit == 0, first);
        Assert.True(File.Exists(Path.Combine(output, "libvb_counter.so")));
        Assert.True(File.Exists(Path.Combine(output, "libvbridge.so")));
        Assert.Equal(0, secondExit);
        Assert.Contains(SkippedMarker, second, StringComparison.Ordinal);
        Assert.Equal(0, thirdExit);
        Assert.DoesNotContain(SkippedMarker, third, StringComparison.Ordinal);
        Assert.Contains("counter: built", third, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> BuildAsync(string project)
    {
        var start = new ProcessStartInfo("dotnet", ["build", project, "-v:n", "-nodeReuse:false", "-p:UseSharedCompilation=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process build = Process.Start(start)!;
        Task<string> error = build.StandardError.ReadToEndAsync();
        string output = await build.StandardOutput.ReadToEndAsync();
        await build.WaitForExitAsync();
        return (build.ExitCode, output + await error);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cosim.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cosim.sln not found above " + AppContext.BaseDirectory);
    }
}
