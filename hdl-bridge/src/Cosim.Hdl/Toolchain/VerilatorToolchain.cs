using System.Globalization;
using System.Text.RegularExpressions;

namespace Cosim.Hdl.Toolchain;

/// <summary>
/// The tools a build needs: Verilator (its version decides the netlist format), make, a C++ and a C compiler.
/// Missing tools are installed with native/install-verilator.sh when the options allow it.
/// </summary>
internal sealed partial class VerilatorToolchain
{
    /// <summary>The first Verilator with <c>--json-only</c>; <c>--xml-only</c> was removed in 5.046.</summary>
    internal static readonly Version FirstJsonVersion = new(5, 24);

    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static VerilatorToolchain? s_located;

    private VerilatorToolchain(string verilator, string versionText, Version version, string cxx, string cc, string compilerVersion, string? objectCache)
    {
        Verilator = verilator;
        VersionText = versionText;
        Version = version;
        CxxCompiler = cxx;
        CCompiler = cc;
        CompilerVersion = compilerVersion;
        ObjectCache = objectCache;
    }

    /// <summary>The verilator executable.</summary>
    internal string Verilator { get; }

    /// <summary>The first line of <c>verilator --version</c>, e.g. "Verilator 5.006 2023-01-22 rev (Debian 5.006-3)".</summary>
    internal string VersionText { get; }

    /// <summary>Major.minor, e.g. 5.6 for 5.006.</summary>
    internal Version Version { get; }

    /// <summary>The netlist dump this Verilator writes: XML before 5.024, JSON from 5.024 on.</summary>
    internal NetlistFormat NetlistFormat => Version >= FirstJsonVersion ? NetlistFormat.Json : NetlistFormat.Xml;

    /// <summary>The C++ compiler Verilator's makefiles use ($CXX or g++).</summary>
    internal string CxxCompiler { get; }

    /// <summary>The C compiler for libvbridge.so ($CC, cc or gcc).</summary>
    internal string CCompiler { get; }

    /// <summary>The first line of <c>$CXX --version</c>.</summary>
    internal string CompilerVersion { get; }

    /// <summary>ccache when it is installed (Verilator's makefiles honour OBJCACHE), else null.</summary>
    internal string? ObjectCache { get; }

    /// <summary>Finds the tools (once per process), installing them first when they are missing and the options allow it.</summary>
    internal static async Task<VerilatorToolchain> LocateAsync(RtlBuilderOptions options, CancellationToken cancellationToken)
    {
        await s_gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (s_located is not null)
            {
                return s_located;
            }

            string cxxName = Environment.GetEnvironmentVariable("CXX") is { Length: > 0 } cxx ? cxx : "g++";
            if (MissingTools(cxxName).Count > 0)
            {
                await InstallAsync(options, MissingTools(cxxName), cancellationToken).ConfigureAwait(false);
            }

            string verilator = ToolProcess.FindOnPath("verilator")!;
            ToolProcess.Result version = await ToolProcess.RunAsync(verilator, ["--version"], null, null, null, cancellationToken).ConfigureAwait(false);
            string versionText = version.Output.Trim().Split('\n')[0].Trim();
            Match match = VersionPattern().Match(versionText);
            if (version.ExitCode != 0 || !match.Success)
            {
                throw new RtlBuildException("verilator --version", $"cannot read the version from '{versionText}' (exit code {version.ExitCode}).");
            }

            var parsed = new Version(
                int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
            string cxxPath = ToolProcess.FindOnPath(cxxName) ?? cxxName;
            ToolProcess.Result compiler = await ToolProcess.RunAsync(cxxPath, ["--version"], null, null, null, cancellationToken).ConfigureAwait(false);
            string cc = Environment.GetEnvironmentVariable("CC") is { Length: > 0 } ccName ? ccName : ToolProcess.FindOnPath("cc") ?? ToolProcess.FindOnPath("gcc") ?? "cc";
            s_located = new VerilatorToolchain(
                verilator,
                versionText,
                parsed,
                cxxPath,
                cc,
                compiler.Output.Trim().Split('\n')[0].Trim(),
                ToolProcess.FindOnPath("ccache"));
            return s_located;
        }
        finally
        {
            s_gate.Release();
        }
    }

    private static List<string> MissingTools(string cxx)
    {
        var missing = new List<string>();
        foreach (string tool in (string[])["verilator", "make", cxx])
        {
            if (ToolProcess.FindOnPath(tool) is null)
            {
                missing.Add(tool);
            }
        }

        return missing;
    }

    private static async Task InstallAsync(RtlBuilderOptions options, List<string> missing, CancellationToken cancellationToken)
    {
        const string Step = "install verilator";
        string what = string.Join(", ", missing);
        if (!options.InstallMissingTools)
        {
            throw new RtlBuildException(Step, $"{what} not found on PATH. Install Verilator 5.006 or newer with g++ and make "
                + "(Debian/Ubuntu: apt-get install -t <your release> verilator g++ make, or run hdl-bridge/native/install-verilator.sh).");
        }

        options.Progress?.Invoke($"{what} not found: installing with install-verilator.sh (apt)");
        string directory = Path.Combine(Path.GetTempPath(), $"cosim-install-{Environment.ProcessId}");
        NativeSources.WriteTo(directory, NativeSources.Installer);
        try
        {
            ToolProcess.Result result = await ToolProcess.RunAsync(
                "/bin/bash",
                [Path.Combine(directory, NativeSources.Installer)],
                directory,
                null,
                options.Progress,
                cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0 || MissingTools(missing[^1]).Count > 0)
            {
                string errors = string.Join('\n', result.Output.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal) || l.StartsWith("E:", StringComparison.Ordinal)));
                throw new RtlBuildException(Step, $"{what} could not be installed (exit code {result.ExitCode}). {errors}".Trim());
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex(@"Verilator (\d+)\.(\d+)")]
    private static partial Regex VersionPattern();
}
