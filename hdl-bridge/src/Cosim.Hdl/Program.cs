using Cosim.Hdl.Toolchain;

namespace Cosim.Hdl;

/// <summary>
/// <c>dotnet Cosim.Hdl.dll build --top T [--trace fst|vcd|none] [--include DIR]... [--define N=V]... [--param N=V]...
/// [--output DIR] [--bridge-output DIR] SOURCE...</c>: builds RTL with <see cref="RtlBuilder"/> (progress on
/// stderr), copies libvb_T.so and libvbridge.so to --output and libvbridge.so to --bridge-output when given, and
/// prints the library's path. build/Cosim.Hdl.targets runs it.
/// </summary>
internal static class Program
{
    private const int Usage = 2;
    private const int Failure = 1;

    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "build")
        {
            await Console.Error.WriteLineAsync("usage: Cosim.Hdl build --top TOP [--trace fst|vcd|none] [--include DIR]... [--define NAME[=VALUE]]... "
                + "[--param NAME=VALUE]... [--verilator-arg ARG]... [--output DIR] [--bridge-output DIR] SOURCE...").ConfigureAwait(false);
            return Usage;
        }

        string? top = null;
        string? output = null;
        string? bridgeOutput = null;
        TraceFormat trace = TraceFormat.Fst;
        var sources = new List<string>();
        var includes = new List<string>();
        var defines = new Dictionary<string, string?>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var extra = new List<string>();
        for (int i = 1; i < args.Length; i++)
        {
            string Next() => ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
            switch (args[i])
            {
                case "--top":
                    top = Next();
                    break;
                case "--output":
                    output = Next();
                    break;
                case "--bridge-output":
                    bridgeOutput = Next();
                    break;
                case "--trace":
                    trace = Enum.Parse<TraceFormat>(Next(), ignoreCase: true);
                    break;
                case "--include":
                    includes.Add(Next());
                    break;
                case "--define":
                    string define = Next();
                    int equals = define.IndexOf('=', StringComparison.Ordinal);
                    defines[equals < 0 ? define : define[..equals]] = equals < 0 ? null : define[(equals + 1)..];
                    break;
                case "--param":
                    string parameter = Next();
                    int at = parameter.IndexOf('=', StringComparison.Ordinal);
                    parameters[parameter[..at]] = parameter[(at + 1)..];
                    break;
                case "--verilator-arg":
                    extra.Add(Next());
                    break;
                default:
                    sources.AddRange(args[i].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
            }
        }

        if (top is null || sources.Count == 0)
        {
            await Console.Error.WriteLineAsync("Cosim.Hdl build: --top and at least one source are required.").ConfigureAwait(false);
            return Usage;
        }

        var builder = new RtlBuilder(new RtlBuilderOptions { Progress = line => Console.Error.WriteLine("==> " + line) });
        try
        {
            RtlBuildResult result = await builder.BuildAsync(new RtlDesign
            {
                Top = top,
                Sources = sources,
                IncludeDirectories = includes,
                Defines = defines,
                Parameters = parameters,
                Trace = trace,
                VerilatorArguments = extra,
            }).ConfigureAwait(false);
            string library = result.LibraryPath;
            if (output is not null)
            {
                Directory.CreateDirectory(output);
                library = CopyIfChanged(result.LibraryPath, output);
                CopyIfChanged(result.BridgeLibraryPath, output);
            }

            if (bridgeOutput is not null)
            {
                Directory.CreateDirectory(bridgeOutput);
                CopyIfChanged(result.BridgeLibraryPath, bridgeOutput);
            }

            Console.WriteLine(library);
            return 0;
        }
        catch (RtlBuildException exception)
        {
            await Console.Error.WriteLineAsync("error: " + exception.Message).ConfigureAwait(false);
            return Failure;
        }
    }

    private static string CopyIfChanged(string file, string directory)
    {
        string target = Path.Combine(directory, Path.GetFileName(file));
        if (!File.Exists(target) || !File.ReadAllBytes(target).AsSpan().SequenceEqual(File.ReadAllBytes(file)))
        {
            File.Copy(file, target, overwrite: true);
        }

        return target;
    }
}
