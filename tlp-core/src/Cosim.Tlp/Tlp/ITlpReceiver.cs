namespace Cosim.Tlp;

/// <summary>
/// Anything that takes TLPs: a function, a router, a link, a checker. The one contract every layer speaks.
/// </summary>
/// <remarks>
/// The call is synchronous and the payload span is only valid during the call: a receiver that needs the data
/// later copies it. A request's completion may be delivered back from inside this call (a register read) or
/// later from another thread (a DMA engine); callers match completions by tag, never by call order.
/// </remarks>
public interface ITlpReceiver
{
    /// <summary>Takes one TLP: its decoded header and payload (empty when the TLP carries no data).</summary>
    void Receive(in TlpHeader header, ReadOnlySpan<byte> payload);
}
