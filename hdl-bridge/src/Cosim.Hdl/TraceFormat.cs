namespace Cosim.Hdl;

/// <summary>The waveform format compiled into a design library (<c>VB_TRACE_*</c> in native/vb_shim.h).</summary>
public enum TraceFormat
{
    /// <summary>No tracing compiled in: opening a trace fails.</summary>
    None = 0,

    /// <summary>Value Change Dump (Verilator <c>--trace</c>): large files, any viewer.</summary>
    Vcd = 1,

    /// <summary>Fast Signal Trace (Verilator <c>--trace-fst</c>): about 12× smaller than VCD; GTKWave, Surfer.</summary>
    Fst = 2,
}
