using Cosim.Tlp;

namespace Cosim.Hdl.TlpStream;

/// <summary>
/// One TLP crossing the bridge, stamped with the simulation cycle: a host TLP when its last beat was taken by
/// the RTL, an RTL TLP when its last beat arrived, a bridge TLP when the bridge sent it.
/// </summary>
/// <param name="Cycle">The simulation cycle (<see cref="VerilatedModel.Cycle"/>) of the TLP's last beat.</param>
/// <param name="Channel">The stream it used, or <see cref="TlpChannel.Bridge"/>.</param>
/// <param name="ToHost">True for TLPs going to the host (completions, DMA, interrupts).</param>
/// <param name="Header">The decoded header.</param>
public readonly record struct RtlTlpRecord(ulong Cycle, TlpChannel Channel, bool ToHost, TlpHeader Header)
{
    /// <inheritdoc />
    public override string ToString() => $"cycle {Cycle} {(ToHost ? "->host" : "->rtl")} {Channel}: {Header}";
}

/// <summary>Receives every TLP that crosses the bridge; <paramref name="payload"/> is valid during the call only.</summary>
public delegate void RtlTlpTraceHandler(in RtlTlpRecord record, ReadOnlySpan<byte> payload);
