using System.Collections.Concurrent;
using Cosim.Hdl.TlpStream;
using Cosim.Hdl.Toolchain;

namespace Cosim.Hdl.Tests;

/// <summary>
/// The test designs in rtl/, built once per test run through <see cref="RtlBuilder"/> (cached by content across
/// runs). Verilator is installed on first use when missing; progress goes to stderr.
/// </summary>
internal static class TestDesigns
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<RtlBuildResult>>> s_builds = new(StringComparer.Ordinal);

    internal static RtlBuilder Builder { get; } = new(new RtlBuilderOptions { Progress = line => Console.Error.WriteLine("==> " + line) });

    internal static string Directory => Path.Combine(AppContext.BaseDirectory, "rtl");

    internal static string PathOf(string file) => Path.Combine(Directory, file);

    internal static Task<RtlBuildResult> BuildAsync(string file, TraceFormat trace = TraceFormat.Fst) =>
        s_builds.GetOrAdd($"{file}|{trace}", _ => new Lazy<Task<RtlBuildResult>>(() => Builder.BuildAsync(RtlDesign.FromFile(PathOf(file), trace: trace)))).Value;

    /// <summary>An RTL function from a description in rtl/ (built once per run), its RTL output kept quiet.</summary>
    internal static async Task<RtlFunction> FunctionAsync(string descriptionFile, RtlFunctionOptions? options = null)
    {
        RtlDeviceDescription description = RtlDeviceDescription.Load(PathOf(descriptionFile));
        RtlBuildResult build = await s_builds.GetOrAdd(
            "description:" + descriptionFile,
            _ => new Lazy<Task<RtlBuildResult>>(() => Builder.BuildAsync(description.Design))).Value;
        return new RtlFunction(VerilatedDesign.Load(build.LibraryPath), description, (options ?? new RtlFunctionOptions()) with { EchoRtlOutput = false });
    }

    /// <summary>A fresh model of <paramref name="file"/>'s design, with its console output kept but not echoed.</summary>
    internal static async Task<VerilatedModel> OpenAsync(string file, TraceFormat trace = TraceFormat.Fst)
    {
        RtlBuildResult build = await BuildAsync(file, trace);
        var model = VerilatedModel.Open(build.LibraryPath);
        model.EchoOutput = false;
        return model;
    }
}
