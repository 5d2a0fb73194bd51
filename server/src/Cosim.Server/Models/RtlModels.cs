using Cosim.Hdl;
using Cosim.Hdl.TlpStream;
using Cosim.Hdl.Toolchain;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Models;

/// <summary>
/// The RTL models a configuration names as <c>rtl:&lt;name&gt;</c>: a directory <c>&lt;name&gt;</c> on the search path
/// holding one device description (<c>*.json</c>, docs/rtl-interface.md) beside its Verilog, or a description file
/// <c>&lt;name&gt;.json</c>. The RTL is verilated and compiled when the device is created (cached by content hash).
/// </summary>
/// <remarks>
/// The search path is <c>$COSIM_RTL_PATH</c> (directories separated by ':'), then the <c>rtl</c> directory shipped
/// beside the server (a copy of the repository's <c>models/rtl</c>). A user's own RTL is found by putting its
/// directory on <c>COSIM_RTL_PATH</c>, or named directly with the <c>Description</c> option.
/// </remarks>
public sealed class RtlModels
{
    /// <summary>The model-name prefix that selects an RTL model.</summary>
    public const string Prefix = "rtl:";

    /// <summary>The environment variable that extends the search path.</summary>
    public const string PathVariable = "COSIM_RTL_PATH";

    /// <summary><c>Devices:N:Options</c> key: the FST (or VCD, by extension) waveform to write while the model runs.</summary>
    public const string TraceKey = "Trace";

    /// <summary><c>Devices:N:Options</c> key: a description file to use instead of the one found by name.</summary>
    public const string DescriptionKey = "Description";

    /// <summary>A search path of <paramref name="directories"/>, in order.</summary>
    public RtlModels(IReadOnlyList<string> directories) => Directories = directories;

    /// <summary>The directories searched, first match wins.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary><c>$COSIM_RTL_PATH</c>, then the <c>rtl</c> directory beside the server.</summary>
    public static RtlModels CreateDefault()
    {
        var directories = new List<string>();
        string? variable = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(variable))
        {
            directories.AddRange(variable.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        directories.Add(Path.Combine(AppContext.BaseDirectory, "rtl"));
        return new RtlModels(directories);
    }

    /// <summary>The RTL model names found on the search path (for help and error messages).</summary>
    public IEnumerable<string> Names() => Directories
        .Where(Directory.Exists)
        .SelectMany(d => Directory.EnumerateDirectories(d).Where(sub => Directory.EnumerateFiles(sub, "*.json").Count() == 1).Select(Path.GetFileName)
            .Concat(Directory.EnumerateFiles(d, "*.json").Select(Path.GetFileNameWithoutExtension)))
        .OfType<string>()
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal);

    /// <summary>The description file of <paramref name="name"/>, or null when no directory on the path has it.</summary>
    public string? FindDescription(string name)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (string directory in Directories)
        {
            string modelDirectory = Path.Combine(directory, name);
            if (Directory.Exists(modelDirectory))
            {
                string[] descriptions = Directory.GetFiles(modelDirectory, "*.json");
                if (descriptions.Length == 1)
                {
                    return descriptions[0];
                }
            }

            string file = Path.Combine(directory, name + ".json");
            if (File.Exists(file))
            {
                return file;
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="name"/> was not found: the directories searched and what they hold.</summary>
    public string ExplainMissing(string name)
    {
        string known = string.Join(", ", Names().Select(n => Prefix + n));
        return $"no RTL description '{name}' (a directory '{name}' with one *.json description, or '{name}.json') in {string.Join(", ", Directories)} " +
            $"(set {PathVariable} to add directories); found: {(known.Length == 0 ? "none" : known)}";
    }

    /// <summary>The descriptor of <c>rtl:<paramref name="name"/></c> when its description exists.</summary>
    public bool TryGet(string name, out ModelDescriptor model)
    {
        string? description = FindDescription(name);
        if (description is null)
        {
            model = null!;
            return false;
        }

        model = new ModelDescriptor(
            Prefix + name,
            $"RTL model built by Verilator from {description}",
            (options, loggers) => Create(description, options, loggers))
        {
            OptionKeys = [TraceKey, DescriptionKey],
        };
        return true;
    }

    private static RtlFunction Create(string foundDescription, DeviceOptions options, ILoggerFactory loggers)
    {
        ILogger logger = loggers.CreateLogger($"Cosim.Rtl.{options.Name}");
        string description = options.GetString(DescriptionKey) is { } chosen ? Path.GetFullPath(chosen) : foundDescription;
        if (!File.Exists(description))
        {
            throw new ModelOptionException(DescriptionKey, $"'{description}' does not exist");
        }

        string? trace = options.GetString(TraceKey) is { } path ? Path.GetFullPath(path) : null;
        var builder = new RtlBuilder(new RtlBuilderOptions { Progress = line => HdlProgress(logger, line) });
        try
        {
            // Models are created once at start, before any socket exists: blocking here delays only the start.
            return RtlFunction.CreateAsync(description, builder, new RtlFunctionOptions { TracePath = trace, Logger = logger })
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is RtlBuildException or RtlConfigurationException or RtlInterfaceException or RtlSimulationException)
        {
            throw new ArgumentException($"{description}: {e.Message}", e);
        }
    }

    private static void HdlProgress(ILogger logger, string line) => RtlLog.BuildProgress(logger, line);
}
