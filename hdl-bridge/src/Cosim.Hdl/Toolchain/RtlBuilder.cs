using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Cosim.Hdl.Toolchain;

/// <summary>
/// Builds RTL into a design library with the fixed <c>vb_*</c> C ABI, and caches it by content.
/// </summary>
/// <remarks>
/// <para>Steps (each reported through <see cref="RtlBuilderOptions.Progress"/>):</para>
/// <list type="number">
/// <item>Find Verilator, make and g++ (install them with native/install-verilator.sh when missing).</item>
/// <item>Hash the sources, the include directories, the shim, the options and the tool versions; a cache hit
///   under <c>&lt;cache&gt;/rtl/&lt;hash&gt;/</c> ends the build.</item>
/// <item><c>verilator --xml-only</c> (or <c>--json-only</c> from 5.024) describes the top module's ports;
///   <see cref="PortTableWriter"/> turns that into vb_ports.inc.</item>
/// <item><c>verilator --cc --exe -O3 --assert --trace-fst|--trace</c> generates the model, then make compiles it
///   with native/vb_design.cpp into libvb_&lt;top&gt;.so (-O3, -fPIC, only <c>vb_design_v1</c> exported). The
///   Verilator runtime objects are compiled once per (tool versions, options, trace format) and reused.</item>
/// <item>libvbridge.so (native/vb_bridge.c) is built once and copied beside the library.</item>
/// </list>
/// <para>A build happens in a private directory that is renamed into place, so concurrent builds of the same
/// design (threads or processes) never see a half-written entry.</para>
/// </remarks>
public sealed class RtlBuilder
{
    /// <summary>The cache layout and flags revision; part of every key.</summary>
    private const string LayoutVersion = "cosim-hdl-rtl/1";
    private const string ManifestFile = "design.json";
    private const string LogFile = "build.log";
    private const string RuntimeObjectPattern = "verilated*.o";

    /// <summary>Flags for every object of a design library, the Verilator runtime included.</summary>
    private static readonly string[] s_compileFlags =
    [
        "-fPIC", "-fvisibility=hidden", "-fvisibility-inlines-hidden",
        "-DVL_USER_FATAL", "-DVL_USER_STOP", "-DVL_USER_STOP_MAYBE", "-DVL_USER_FINISH",
    ];

    private static readonly string[] s_makeOptimization = ["OPT_FAST=-O3", "OPT_SLOW=-O1", "OPT_GLOBAL=-O2"];

    private static readonly ConcurrentDictionary<string, Lazy<Task<RtlBuildResult>>> s_building = new(StringComparer.Ordinal);
    private static readonly SemaphoreSlim s_bridgeGate = new(1, 1);

    private readonly RtlBuilderOptions _options;

    /// <summary>A builder with <paramref name="options"/> (defaults: the standard cache, no progress output, installs missing tools).</summary>
    public RtlBuilder(RtlBuilderOptions? options = null)
    {
        _options = options ?? new RtlBuilderOptions();
        CacheDirectory = Path.GetFullPath(_options.CacheDirectory ?? DefaultCacheDirectory);
    }

    /// <summary><c>${COSIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cosim}</c>.</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("COSIM_CACHE") is { Length: > 0 } cosim)
            {
                return cosim;
            }

            string xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
                ? cache
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(xdg, "cosim");
        }
    }

    /// <summary>The cache root this builder uses.</summary>
    public string CacheDirectory { get; }

    private string RtlDirectory => Path.Combine(CacheDirectory, "rtl");

    /// <summary>Builds <paramref name="design"/>, or returns the cached library when nothing it depends on changed.</summary>
    public async Task<RtlBuildResult> BuildAsync(RtlDesign design, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(design);
        Validate(design);
        var clock = Stopwatch.StartNew();
        VerilatorToolchain toolchain = await VerilatorToolchain.LocateAsync(_options, cancellationToken).ConfigureAwait(false);
        string hash = DesignKey(design, toolchain);
        string directory = Path.Combine(RtlDirectory, hash);
        if (TryReadCached(directory, design, clock) is { } cached)
        {
            Report($"{design.Top}: cached {cached.LibraryPath}");
            return cached;
        }

        Lazy<Task<RtlBuildResult>> build = s_building.GetOrAdd(
            directory,
            _ => new Lazy<Task<RtlBuildResult>>(() => BuildIntoCacheAsync(design, toolchain, hash, directory, cancellationToken)));
        try
        {
            return await build.Value.ConfigureAwait(false);
        }
        finally
        {
            s_building.TryRemove(new KeyValuePair<string, Lazy<Task<RtlBuildResult>>>(directory, build));
        }
    }

    /// <summary>Builds libvbridge.so (once per shim version and compiler) and returns its path.</summary>
    public async Task<string> BuildBridgeAsync(CancellationToken cancellationToken = default)
    {
        VerilatorToolchain toolchain = await VerilatorToolchain.LocateAsync(_options, cancellationToken).ConfigureAwait(false);
        return await BuildBridgeAsync(toolchain, cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(RtlDesign design)
    {
        const string Step = "design";
        if (string.IsNullOrWhiteSpace(design.Top))
        {
            throw new RtlBuildException(Step, "the top module name is empty.");
        }

        if (design.Sources.Count == 0)
        {
            throw new RtlBuildException(Step, $"{design.Top} has no source files.");
        }

        foreach (string source in design.Sources)
        {
            if (!File.Exists(source))
            {
                throw new RtlBuildException(Step, $"the source {Path.GetFullPath(source)} of {design.Top} does not exist.");
            }
        }

        foreach (string directory in design.IncludeDirectories)
        {
            if (!Directory.Exists(directory))
            {
                throw new RtlBuildException(Step, $"the include directory {Path.GetFullPath(directory)} of {design.Top} does not exist.");
            }
        }
    }

    private static string DesignKey(RtlDesign design, VerilatorToolchain toolchain)
    {
        using IncrementalHash hash = CacheKey.Create();
        AddToolchain(hash, toolchain);
        NativeSources.HashInto(hash, NativeSources.DesignShim, NativeSources.Prelude, NativeSources.Header, NativeSources.DesignVersionScript, NativeSources.Bridge, NativeSources.BridgeVersionScript);
        CacheKey.Add(hash, "top:" + design.Top);
        CacheKey.Add(hash, "trace:" + design.Trace);
        foreach (string source in design.Sources)
        {
            CacheKey.AddFile(hash, "source:" + Path.GetFileName(source), source);
        }

        foreach (string directory in design.IncludeDirectories)
        {
            CacheKey.Add(hash, "include:" + Path.GetFullPath(directory));
            foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(IsVerilogFile).Order(StringComparer.Ordinal))
            {
                CacheKey.AddFile(hash, "included:" + Path.GetRelativePath(directory, file), file);
            }
        }

        foreach ((string name, string? value) in design.Defines.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            CacheKey.Add(hash, $"define:{name}={value}");
        }

        foreach ((string name, string value) in design.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            CacheKey.Add(hash, $"parameter:{name}={value}");
        }

        foreach (string argument in design.VerilatorArguments)
        {
            CacheKey.Add(hash, "argument:" + argument);
        }

        return CacheKey.Finish(hash);
    }

    private static void AddToolchain(IncrementalHash hash, VerilatorToolchain toolchain)
    {
        CacheKey.Add(hash, LayoutVersion);
        CacheKey.Add(hash, toolchain.VersionText);
        CacheKey.Add(hash, toolchain.CompilerVersion);
        CacheKey.Add(hash, string.Join(' ', s_compileFlags) + " " + string.Join(' ', s_makeOptimization));
    }

    private static bool IsVerilogFile(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".v" or ".sv" or ".vh" or ".svh" or ".vlt" or ".vhd";

    private static string LibraryFileName(string top) => $"libvb_{top}.so";

    private RtlBuildResult? TryReadCached(string directory, RtlDesign design, Stopwatch clock)
    {
        string manifest = Path.Combine(directory, ManifestFile);
        string library = Path.Combine(directory, LibraryFileName(design.Top));
        string bridge = Path.Combine(directory, Interop.BridgeLibrary.FileName);
        if (!File.Exists(manifest) || !File.Exists(library) || !File.Exists(bridge))
        {
            return null;
        }

        Manifest? stored = JsonSerializer.Deserialize(File.ReadAllText(manifest), ManifestJsonContext.Default.Manifest);
        if (stored is null)
        {
            return null;
        }

        return stored.ToResult(directory, library, bridge, fromCache: true, clock.Elapsed);
    }

    private async Task<RtlBuildResult> BuildIntoCacheAsync(RtlDesign design, VerilatorToolchain toolchain, string hash, string directory, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (TryReadCached(directory, design, clock) is { } cached)
        {
            return cached;
        }

        string work = $"{directory}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        if (work.Any(char.IsWhiteSpace))
        {
            throw new RtlBuildException("cache", $"the cache directory {CacheDirectory} contains white space, which Verilator's makefiles cannot take; set COSIM_CACHE.");
        }

        Directory.CreateDirectory(work);
        var log = new BuildLog(Path.Combine(work, LogFile));
        try
        {
            string shim = Path.Combine(work, "shim");
            string generated = Path.Combine(work, "generated");
            NativeSources.WriteTo(shim, NativeSources.DesignShim, NativeSources.Prelude, NativeSources.Header, NativeSources.DesignVersionScript);
            Directory.CreateDirectory(generated);

            string bridge = await BuildBridgeAsync(toolchain, cancellationToken).ConfigureAwait(false);
            File.Copy(bridge, Path.Combine(work, Interop.BridgeLibrary.FileName));

            Report($"{design.Top}: reading ports (verilator {(toolchain.NetlistFormat == NetlistFormat.Xml ? "--xml-only" : "--json-only")})");
            IReadOnlyList<NetlistPort> ports = await ReadPortsAsync(design, toolchain, work, log, cancellationToken).ConfigureAwait(false);
            File.WriteAllText(Path.Combine(generated, PortTableWriter.PortsFile), PortTableWriter.Ports(ports, toolchain.NetlistFormat == NetlistFormat.Xml ? "Vtop.xml" : "Vtop.tree.json"));
            File.WriteAllText(Path.Combine(generated, PortTableWriter.ConfigFile), PortTableWriter.Config(design.Top, toolchain.VersionText, design.Trace));

            string library = Path.Combine(work, LibraryFileName(design.Top));
            await CompileAsync(design, toolchain, work, shim, generated, library, log, cancellationToken).ConfigureAwait(false);

            var manifest = new Manifest(
                design.Top,
                hash,
                design.Trace,
                toolchain.VersionText,
                [.. ports.Select(p => new ManifestPort(p.Name, p.Direction, p.Width))]);
            File.WriteAllText(Path.Combine(work, ManifestFile), JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.Manifest));
            Directory.Delete(Path.Combine(work, "obj"), recursive: true);
            log.Flush();
            Publish(work, directory);
            RtlBuildResult result = manifest.ToResult(
                directory,
                Path.Combine(directory, LibraryFileName(design.Top)),
                Path.Combine(directory, Interop.BridgeLibrary.FileName),
                fromCache: false,
                clock.Elapsed);
            Report($"{design.Top}: built {result.LibraryPath} in {clock.Elapsed.TotalSeconds:F1} s");
            return result;
        }
        catch
        {
            log.Flush();
            string kept = Path.Combine(RtlDirectory, "failed", Path.GetFileName(directory));
            TryKeepFailedBuild(work, kept);
            throw;
        }
    }

    private async Task<IReadOnlyList<NetlistPort>> ReadPortsAsync(RtlDesign design, VerilatorToolchain toolchain, string work, BuildLog log, CancellationToken cancellationToken)
    {
        string netlistDirectory = Path.Combine(work, "netlist");
        string option = toolchain.NetlistFormat == NetlistFormat.Xml ? "--xml-only" : "--json-only";
        List<string> arguments = [option, "--prefix", "Vtop", "--top-module", design.Top, "--Mdir", netlistDirectory];
        arguments.AddRange(DesignArguments(design));
        string step = $"verilator {option}";
        ToolProcess.Result result = await ToolProcess.RunAsync(toolchain.Verilator, arguments, work, null, null, cancellationToken).ConfigureAwait(false);
        log.Add(step, result);
        if (result.ExitCode != 0)
        {
            throw new RtlBuildException(step, $"Verilator rejected {design.Top}:\n{BuildLog.ErrorLines(result.Output)}", log.FinalPath(RtlDirectory));
        }

        try
        {
            return toolchain.NetlistFormat == NetlistFormat.Xml
                ? NetlistReader.ReadXml(File.ReadAllText(Path.Combine(netlistDirectory, "Vtop.xml")), design.Top)
                : NetlistReader.ReadJson(File.ReadAllText(Path.Combine(netlistDirectory, "Vtop.tree.json")), design.Top);
        }
        catch (RtlBuildException exception)
        {
            log.Add(exception.Message);
            throw;
        }
    }

    private async Task CompileAsync(
        RtlDesign design, VerilatorToolchain toolchain, string work, string shim, string generated, string library, BuildLog log, CancellationToken cancellationToken)
    {
        string objects = Path.Combine(work, "obj");
        string cflags = string.Join(' ', s_compileFlags) + $" -include {Path.Combine(shim, NativeSources.Prelude)} -I{shim} -I{generated}";
        string ldflags = $"-shared -Wl,--version-script={Path.Combine(shim, NativeSources.DesignVersionScript)} -Wl,-z,defs";
        List<string> arguments =
        [
            "--cc", "--exe", "-O3", "--assert", "--prefix", "Vtop", "--top-module", design.Top, "--Mdir", objects,
            .. TraceArguments(design.Trace),
            "-CFLAGS", cflags, "-LDFLAGS", ldflags, "-o", library,
        ];
        arguments.AddRange(DesignArguments(design));
        arguments.Add(Path.Combine(shim, NativeSources.DesignShim));

        Report($"{design.Top}: verilating ({TraceName(design.Trace)} tracing compiled in)");
        const string VerilateStep = "verilator --cc";
        ToolProcess.Result verilated = await ToolProcess.RunAsync(toolchain.Verilator, arguments, work, null, null, cancellationToken).ConfigureAwait(false);
        log.Add(VerilateStep, verilated);
        if (verilated.ExitCode != 0)
        {
            throw new RtlBuildException(VerilateStep, $"Verilator rejected {design.Top}:\n{BuildLog.ErrorLines(verilated.Output)}", log.FinalPath(RtlDirectory));
        }

        string runtime = Path.Combine(RtlDirectory, "runtime-" + RuntimeKey(design, toolchain));
        bool reused = ReuseRuntimeObjects(runtime, objects);
        Report($"{design.Top}: compiling {Path.GetFileName(library)} (make -j{_options.Jobs}{(reused ? ", Verilator runtime reused" : ", Verilator runtime too")}{(toolchain.ObjectCache is null ? string.Empty : ", ccache")})");
        const string CompileStep = "compile";
        Dictionary<string, string> environment = new(StringComparer.Ordinal) { ["CXX"] = toolchain.CxxCompiler };
        if (toolchain.ObjectCache is not null)
        {
            environment["OBJCACHE"] = toolchain.ObjectCache;
        }

        ToolProcess.Result compiled = await ToolProcess.RunAsync(
            "make",
            ["-C", objects, "-f", "Vtop.mk", $"-j{Math.Max(1, _options.Jobs)}", .. s_makeOptimization],
            work,
            environment,
            null,
            cancellationToken).ConfigureAwait(false);
        log.Add(CompileStep, compiled);
        if (compiled.ExitCode != 0 || !File.Exists(library))
        {
            throw new RtlBuildException(CompileStep, $"compiling {design.Top} failed:\n{BuildLog.ErrorLines(compiled.Output)}", log.FinalPath(RtlDirectory));
        }

        if (!reused)
        {
            KeepRuntimeObjects(objects, runtime);
        }
    }

    private static IEnumerable<string> TraceArguments(TraceFormat trace) => trace switch
    {
        TraceFormat.Fst => ["--trace-fst"],
        TraceFormat.Vcd => ["--trace"],
        _ => [],
    };

    private static string TraceName(TraceFormat trace) => trace switch
    {
        TraceFormat.Fst => "FST",
        TraceFormat.Vcd => "VCD",
        _ => "no",
    };

    private static IEnumerable<string> DesignArguments(RtlDesign design)
    {
        foreach (string directory in design.IncludeDirectories)
        {
            string full = Path.GetFullPath(directory);
            yield return "-I" + full;
            yield return "-y";
            yield return full;
        }

        foreach ((string name, string? value) in design.Defines)
        {
            yield return value is null ? $"+define+{name}" : $"+define+{name}={value}";
        }

        foreach ((string name, string value) in design.Parameters)
        {
            yield return $"-G{name}={value}";
        }

        foreach (string argument in design.VerilatorArguments)
        {
            yield return argument;
        }

        foreach (string source in design.Sources)
        {
            yield return Path.GetFullPath(source);
        }
    }

    /// <summary>The runtime objects depend on the tools, the prelude, the trace format and any option that changes the VM_* switches.</summary>
    private static string RuntimeKey(RtlDesign design, VerilatorToolchain toolchain)
    {
        using IncrementalHash hash = CacheKey.Create();
        AddToolchain(hash, toolchain);
        NativeSources.HashInto(hash, NativeSources.Prelude);
        CacheKey.Add(hash, "trace:" + design.Trace);
        foreach (string argument in design.VerilatorArguments)
        {
            CacheKey.Add(hash, "argument:" + argument);
        }

        return CacheKey.Finish(hash);
    }

    /// <summary>
    /// Copies cached runtime objects into a freshly verilated object directory, newer than its makefiles, so that
    /// make does not recompile the runtime (Verilator makes every runtime object depend on Vtop.mk).
    /// </summary>
    private static bool ReuseRuntimeObjects(string runtime, string objects)
    {
        if (!Directory.Exists(runtime))
        {
            return false;
        }

        string[] cached = Directory.GetFiles(runtime, RuntimeObjectPattern);
        if (cached.Length == 0)
        {
            return false;
        }

        DateTime now = DateTime.UtcNow;
        foreach (string file in cached)
        {
            string target = Path.Combine(objects, Path.GetFileName(file));
            File.Copy(file, target, overwrite: true);
            File.SetLastWriteTimeUtc(target, now);
        }

        return true;
    }

    private static void KeepRuntimeObjects(string objects, string runtime)
    {
        string staging = $"{runtime}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        foreach (string file in Directory.GetFiles(objects, RuntimeObjectPattern))
        {
            File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
        }

        Publish(staging, runtime);
    }

    /// <summary>Renames a finished work directory into place; when another build got there first, keeps theirs.</summary>
    private static void Publish(string work, string directory)
    {
        try
        {
            Directory.Move(work, directory);
        }
        catch (IOException) when (Directory.Exists(directory))
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void TryKeepFailedBuild(string work, string kept)
    {
        try
        {
            if (Directory.Exists(kept))
            {
                Directory.Delete(kept, recursive: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
            string objects = Path.Combine(work, "obj");
            if (Directory.Exists(objects))
            {
                Directory.Delete(objects, recursive: true);
            }

            Directory.Move(work, kept);
        }
        catch (IOException)
        {
            // Keeping the failed build is a courtesy for debugging; the exception already quotes the errors.
        }
    }

    private async Task<string> BuildBridgeAsync(VerilatorToolchain toolchain, CancellationToken cancellationToken)
    {
        using IncrementalHash hash = CacheKey.Create();
        CacheKey.Add(hash, LayoutVersion);
        CacheKey.Add(hash, toolchain.CompilerVersion);
        NativeSources.HashInto(hash, NativeSources.Bridge, NativeSources.BridgeVersionScript, NativeSources.Header);
        string directory = Path.Combine(RtlDirectory, "bridge-" + CacheKey.Finish(hash));
        string library = Path.Combine(directory, Interop.BridgeLibrary.FileName);
        if (File.Exists(library))
        {
            return library;
        }

        await s_bridgeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(library))
            {
                return library;
            }

            Report($"building {Interop.BridgeLibrary.FileName}");
            string work = $"{directory}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
            NativeSources.WriteTo(work, NativeSources.Bridge, NativeSources.BridgeVersionScript, NativeSources.Header);
            ToolProcess.Result result = await ToolProcess.RunAsync(
                toolchain.CCompiler,
                [
                    "-std=gnu11", "-O2", "-fPIC", "-shared", "-fvisibility=hidden", "-Wall", "-Wextra",
                    $"-Wl,--version-script={NativeSources.BridgeVersionScript}", "-Wl,-z,defs",
                    "-o", Interop.BridgeLibrary.FileName, NativeSources.Bridge, "-ldl", "-lpthread",
                ],
                work,
                null,
                null,
                cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new RtlBuildException("compile libvbridge.so", $"{result.CommandLine}\n{BuildLog.ErrorLines(result.Output)}");
            }

            File.WriteAllText(Path.Combine(work, LogFile), result.CommandLine + "\n" + result.Output);
            Publish(work, directory);
            return library;
        }
        finally
        {
            s_bridgeGate.Release();
        }
    }

    private void Report(string line) => _options.Progress?.Invoke(line);

    private sealed class BuildLog(string path)
    {
        private readonly System.Text.StringBuilder _text = new();

        internal static string ErrorLines(string output)
        {
            const int MaxLines = 24;
            string[] lines = output.Split('\n');
            string[] errors = [.. lines.Where(l => l.Contains("%Error", StringComparison.Ordinal) || l.Contains("error:", StringComparison.Ordinal)
                || l.Contains("%Warning", StringComparison.Ordinal)).Take(MaxLines)];
            return string.Join('\n', errors.Length > 0 ? errors : lines.TakeLast(MaxLines)).TrimEnd();
        }

        internal void Add(string step, ToolProcess.Result result)
        {
            _text.Append(CultureInfo.InvariantCulture, $"==> {step}: {result.CommandLine}\n{result.Output}(exit code {result.ExitCode})\n");
        }

        internal void Add(string line) => _text.Append(line).Append('\n');

        internal void Flush()
        {
            if (Directory.Exists(Path.GetDirectoryName(path)))
            {
                File.WriteAllText(path, _text.ToString());
            }
        }

        /// <summary>Where the log of a failed build ends up (see TryKeepFailedBuild).</summary>
        internal string FinalPath(string rtlDirectory)
        {
            string work = Path.GetDirectoryName(path)!;
            string entry = Path.GetFileName(work);
            int suffix = entry.IndexOf(".tmp-", StringComparison.Ordinal);
            return Path.Combine(rtlDirectory, "failed", suffix > 0 ? entry[..suffix] : entry, LogFile);
        }
    }
}
