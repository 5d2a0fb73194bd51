using System.Text.Json.Serialization;

namespace Cosim.Hdl.Toolchain;

/// <summary>design.json in a cache entry: what was built, so a cache hit needs no Verilator run.</summary>
internal sealed record Manifest(string Top, string Hash, TraceFormat Trace, string VerilatorVersion, IReadOnlyList<ManifestPort> Ports)
{
    internal RtlBuildResult ToResult(string directory, string library, string bridge, bool fromCache, TimeSpan elapsed) => new()
    {
        LibraryPath = library,
        BridgeLibraryPath = bridge,
        Directory = directory,
        Hash = Hash,
        Top = Top,
        Ports = [.. Ports.Select((p, i) => new PortInfo(i, p.Name, p.Direction, p.Width))],
        Trace = Trace,
        VerilatorVersion = VerilatorVersion,
        FromCache = fromCache,
        Elapsed = elapsed,
    };
}

/// <summary>One port in design.json.</summary>
internal sealed record ManifestPort(string Name, PortDirection Direction, int Width);

[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Manifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
