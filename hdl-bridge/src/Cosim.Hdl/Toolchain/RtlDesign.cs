namespace Cosim.Hdl.Toolchain;

/// <summary>
/// What to build: the top module, its Verilog/SystemVerilog sources and the Verilator options that change the
/// result. Everything here goes into the cache key, together with the contents of every source and of every
/// Verilog file in the include directories.
/// </summary>
public sealed record RtlDesign
{
    /// <summary>The top module's name (Verilator <c>--top-module</c>).</summary>
    public required string Top { get; init; }

    /// <summary>Source files, in the order Verilator reads them.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Directories searched for <c>`include</c> files and for modules not in <see cref="Sources"/> (<c>-I</c> and <c>-y</c>).</summary>
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];

    /// <summary>Preprocessor defines (<c>+define+NAME=VALUE</c>; a null value defines the name alone).</summary>
    public IReadOnlyDictionary<string, string?> Defines { get; init; } = new Dictionary<string, string?>();

    /// <summary>Top-level parameter overrides (<c>-GNAME=VALUE</c>, VALUE in Verilog syntax).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The waveform format compiled in; FST by default (compiled in but not opened costs about 1–2%).</summary>
    public TraceFormat Trace { get; init; } = TraceFormat.Fst;

    /// <summary>Further Verilator options, passed as given (for example <c>-Wno-WIDTH</c>).</summary>
    public IReadOnlyList<string> VerilatorArguments { get; init; } = [];

    /// <summary>A design of one file whose module has the file's name (<c>regfile.sv</c> → <c>regfile</c>) unless <paramref name="top"/> says otherwise.</summary>
    public static RtlDesign FromFile(string source, string? top = null, TraceFormat trace = TraceFormat.Fst) => new()
    {
        Top = top ?? Path.GetFileNameWithoutExtension(source),
        Sources = [source],
        Trace = trace,
    };
}
