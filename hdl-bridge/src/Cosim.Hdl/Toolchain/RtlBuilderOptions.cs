namespace Cosim.Hdl.Toolchain;

/// <summary>Where <see cref="RtlBuilder"/> caches, how it reports progress and whether it may install Verilator.</summary>
public sealed record RtlBuilderOptions
{
    /// <summary>The cache root; <see cref="RtlBuilder.DefaultCacheDirectory"/> when null. Libraries go to <c>rtl/&lt;hash&gt;/</c> under it.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Receives one line per step ("verilating regfile", "compiling ...", "cached ..."), and the installer's output.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>
    /// Whether a missing Verilator (or g++/make) is installed with native/install-verilator.sh (apt, from the
    /// distribution's own release; needs root or password-less sudo). When false a missing tool is an error.
    /// </summary>
    public bool InstallMissingTools { get; init; } = true;

    /// <summary>Parallel compile jobs (make -j); the processor count by default.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;
}
