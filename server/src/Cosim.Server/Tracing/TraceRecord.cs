using Cosim.Tlp;

namespace Cosim.Server.Tracing;

/// <summary>One TLP read back from a trace file.</summary>
/// <param name="Nanoseconds">Time since the trace began (JSON lines) or since the epoch (pcapng).</param>
/// <param name="Device">Device name.</param>
/// <param name="Direction">Toward or from the device.</param>
/// <param name="Header">The decoded header.</param>
/// <param name="PayloadLength">Payload bytes the TLP carried.</param>
/// <param name="PayloadPreview">The first payload bytes (at most 16).</param>
/// <param name="Cycle">The simulation cycle when the device is simulated (an RTL model), otherwise null.</param>
public sealed record TraceRecord(long Nanoseconds, string Device, TlpDirection Direction, TlpHeader Header, int PayloadLength, byte[] PayloadPreview, ulong? Cycle = null);
