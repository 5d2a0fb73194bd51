namespace Cosim.Hdl.Toolchain;

/// <summary>A built (or cached) design library.</summary>
public sealed record RtlBuildResult
{
    /// <summary>libvb_&lt;top&gt;.so: open it with <see cref="VerilatedDesign.Load"/> or <see cref="VerilatedModel.Open"/>.</summary>
    public required string LibraryPath { get; init; }

    /// <summary>libvbridge.so beside it (the generic half of the shim).</summary>
    public required string BridgeLibraryPath { get; init; }

    /// <summary>The cache entry's directory (also holds build.log, the netlist and the generated port table).</summary>
    public required string Directory { get; init; }

    /// <summary>The cache key: a hash of the sources, the shim, the options and the tool versions.</summary>
    public required string Hash { get; init; }

    /// <summary>The top module.</summary>
    public required string Top { get; init; }

    /// <summary>The ports, in pin order, as the netlist described them.</summary>
    public required IReadOnlyList<PortInfo> Ports { get; init; }

    /// <summary>The trace format compiled in.</summary>
    public required TraceFormat Trace { get; init; }

    /// <summary>The output of <c>verilator --version</c>.</summary>
    public required string VerilatorVersion { get; init; }

    /// <summary>True when the library came from the cache without building.</summary>
    public required bool FromCache { get; init; }

    /// <summary>Wall time of the build (or of the cache lookup).</summary>
    public required TimeSpan Elapsed { get; init; }
}
