namespace Cosim.Hdl.Toolchain;

/// <summary>Verilator's machine-readable netlist dump, the source of the port table.</summary>
internal enum NetlistFormat
{
    /// <summary><c>--xml-only</c> (Verilator up to 5.044; Debian bookworm's 5.006).</summary>
    Xml,

    /// <summary><c>--json-only</c> (Verilator 5.024 and later).</summary>
    Json,
}
