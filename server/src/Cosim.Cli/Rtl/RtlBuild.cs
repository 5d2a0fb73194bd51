using Cosim.Hdl;
using Cosim.Hdl.TlpStream;
using Cosim.Hdl.Toolchain;
using Cosim.Server.Models;

namespace Cosim.Cli.Rtl;

/// <summary>What <c>cosim rtl build</c> does: find the description, build through <see cref="RtlBuilder"/>, print the library.</summary>
internal static class RtlBuild
{
    private const int Failure = 1;

    /// <summary>
    /// Builds the RTL of <paramref name="descriptionOrName"/> (a description file, or an RTL model's name on the search
    /// path); progress and errors go to <paramref name="error"/>, the library's path to <paramref name="output"/>.
    /// </summary>
    public static async Task<int> RunAsync(string descriptionOrName, TraceFormat? trace, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!TryFindDescription(descriptionOrName, out string path, out string reason))
        {
            await error.WriteLineAsync($"error: {reason}").ConfigureAwait(false);
            return Failure;
        }

        try
        {
            RtlDeviceDescription description = RtlDeviceDescription.Load(path);
            RtlDesign design = trace is { } format ? description.Design with { Trace = format } : description.Design;
            var builder = new RtlBuilder(new RtlBuilderOptions { Progress = line => error.WriteLine("==> " + line) });
            await error.WriteLineAsync($"==> {design.Top}: {path} ({design.Sources.Count} source file(s), tracing: {design.Trace.ToString().ToLowerInvariant()})").ConfigureAwait(false);
            RtlBuildResult result = await builder.BuildAsync(design, cancellationToken).ConfigureAwait(false);
            await error.WriteLineAsync(
                $"==> {result.Top}: {result.Ports.Count} ports, {result.VerilatorVersion.Trim()}; libvbridge.so is beside the library").ConfigureAwait(false);
            await output.WriteLineAsync(result.LibraryPath).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is RtlConfigurationException or RtlBuildException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return Failure;
        }
    }

    private static bool TryFindDescription(string descriptionOrName, out string path, out string reason)
    {
        reason = string.Empty;
        if (File.Exists(descriptionOrName))
        {
            path = Path.GetFullPath(descriptionOrName);
            return true;
        }

        RtlModels models = RtlModels.CreateDefault();
        string name = descriptionOrName.StartsWith(RtlModels.Prefix, StringComparison.Ordinal) ? descriptionOrName[RtlModels.Prefix.Length..] : descriptionOrName;
        if (models.FindDescription(name) is { } found)
        {
            path = found;
            return true;
        }

        path = string.Empty;
        reason = descriptionOrName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? $"the description {Path.GetFullPath(descriptionOrName)} does not exist"
            : models.ExplainMissing(name);
        return false;
    }
}
