using System.Globalization;
using Cosim.Hdl.Benchmarks;
using Cosim.Hdl.Toolchain;

namespace Cosim.Hdl;

/// <summary>
/// The command line of Cosim.Hdl.dll (<c>dotnet Cosim.Hdl.dll ...</c>):
/// <list type="bullet">
/// <item><c>build --top T [options] SOURCE...</c>: builds RTL with <see cref="RtlBuilder"/> (progress on stderr),
///   copies libvb_T.so and libvbridge.so to <c>--output DIR</c> and libvbridge.so to <c>--bridge-output DIR</c>
///   when given, and prints the library's path. build/Cosim.Hdl.targets runs it.</item>
/// <item><c>bench --top T [--held PORT] [--cycles N] [--runs N] [options] SOURCE...</c>: <see cref="RtlBenchReport"/>
///   (an FST build and a build without tracing; <c>cosim bench rtl</c> prints the same report).</item>
/// </list>
/// Options: <c>--trace fst|vcd|none --include DIR --define NAME[=VALUE] --param NAME=VALUE --verilator-arg ARG</c>.
/// </summary>
internal static class Program
{
    private const int Usage = 2;
    private const int Failure = 1;

    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("build" or "bench"))
        {
            await Console.Error.WriteLineAsync(
                "usage: Cosim.Hdl build --top TOP [--trace fst|vcd|none] [--include DIR]... [--define NAME[=VALUE]]... [--param NAME=VALUE]...\n"
                + "                       [--verilator-arg ARG]... [--output DIR] [--bridge-output DIR] SOURCE...\n"
                + "       Cosim.Hdl bench --top TOP [--held PORT] [--cycles N] [--runs N] [build options] SOURCE...").ConfigureAwait(false);
            return Usage;
        }

        Options options;
        try
        {
            options = Options.Parse(args.AsSpan(1));
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync("Cosim.Hdl: " + exception.Message).ConfigureAwait(false);
            return Usage;
        }

        var builder = new RtlBuilder(new RtlBuilderOptions { Progress = line => Console.Error.WriteLine("==> " + line) });
        try
        {
            return args[0] == "build" ? await BuildAsync(builder, options).ConfigureAwait(false) : await BenchAsync(builder, options).ConfigureAwait(false);
        }
        catch (RtlBuildException exception)
        {
            await Console.Error.WriteLineAsync("error: " + exception.Message).ConfigureAwait(false);
            return Failure;
        }
        catch (RtlSimulationException exception)
        {
            await Console.Error.WriteLineAsync("error: " + exception.Message).ConfigureAwait(false);
            return Failure;
        }
    }

    private static async Task<int> BuildAsync(RtlBuilder builder, Options options)
    {
        RtlBuildResult result = await builder.BuildAsync(options.Design(options.Trace)).ConfigureAwait(false);
        string library = result.LibraryPath;
        if (options.Output is not null)
        {
            Directory.CreateDirectory(options.Output);
            library = CopyIfChanged(result.LibraryPath, options.Output);
            CopyIfChanged(result.BridgeLibraryPath, options.Output);
        }

        if (options.BridgeOutput is not null)
        {
            Directory.CreateDirectory(options.BridgeOutput);
            CopyIfChanged(result.BridgeLibraryPath, options.BridgeOutput);
        }

        Console.WriteLine(library);
        return 0;
    }

    private static async Task<int> BenchAsync(RtlBuilder builder, Options options)
    {
        RtlDesign design = options.Design(TraceFormat.Fst);
        bool same = await RtlBenchReport.RunAsync(builder, design, options.Held, options.Cycles, options.Runs, Console.Out).ConfigureAwait(false);
        RtlBuildResult traced = await builder.BuildAsync(design).ConfigureAwait(false);
        (double suppressed, double transitioned) = RtlBench.MeasureFieldRead(VerilatedDesign.Load(traced.LibraryPath), 20_000_000);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  vb_cycle call: {suppressed:F2} ns with [SuppressGCTransition], {transitioned:F2} ns without"));
        return same ? 0 : Failure;
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

    private sealed class Options
    {
        public string? Top { get; private set; }

        public string? Output { get; private set; }

        public string? BridgeOutput { get; private set; }

        public string? Held { get; private set; }

        public ulong Cycles { get; private set; } = 10_000_000;

        public int Runs { get; private set; } = 5;

        public TraceFormat Trace { get; private set; } = TraceFormat.Fst;

        public List<string> Sources { get; } = [];

        public List<string> Includes { get; } = [];

        public Dictionary<string, string?> Defines { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);

        public List<string> Extra { get; } = [];

        public static Options Parse(ReadOnlySpan<string> args)
        {
            var options = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string option = args[i];
                if (!option.StartsWith("--", StringComparison.Ordinal))
                {
                    options.Sources.AddRange(option.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    continue;
                }

                if (++i >= args.Length)
                {
                    throw new ArgumentException($"{option} needs a value.");
                }

                string value = args[i];
                switch (option)
                {
                    case "--top":
                        options.Top = value;
                        break;
                    case "--output":
                        options.Output = value;
                        break;
                    case "--bridge-output":
                        options.BridgeOutput = value;
                        break;
                    case "--held":
                        options.Held = value;
                        break;
                    case "--cycles":
                        options.Cycles = ulong.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "--runs":
                        options.Runs = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "--trace":
                        options.Trace = Enum.Parse<TraceFormat>(value, ignoreCase: true);
                        break;
                    case "--include":
                        options.Includes.Add(value);
                        break;
                    case "--define":
                        int equals = value.IndexOf('=', StringComparison.Ordinal);
                        options.Defines[equals < 0 ? value : value[..equals]] = equals < 0 ? null : value[(equals + 1)..];
                        break;
                    case "--param":
                        int at = value.IndexOf('=', StringComparison.Ordinal);
                        options.Parameters[at < 0 ? throw new ArgumentException($"--param {value}: expected NAME=VALUE.") : value[..at]] = value[(at + 1)..];
                        break;
                    case "--verilator-arg":
                        options.Extra.Add(value);
                        break;
                    default:
                        throw new ArgumentException($"unknown option {option}.");
                }
            }

            if (options.Top is null || options.Sources.Count == 0)
            {
                throw new ArgumentException("--top and at least one source are required.");
            }

            return options;
        }

        public RtlDesign Design(TraceFormat trace) => new()
        {
            Top = Top!,
            Sources = Sources,
            IncludeDirectories = Includes,
            Defines = Defines,
            Parameters = Parameters,
            Trace = trace,
            VerilatorArguments = Extra,
        };
    }
}
