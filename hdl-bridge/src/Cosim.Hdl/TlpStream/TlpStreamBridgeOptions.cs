using Microsoft.Extensions.Logging;

namespace Cosim.Hdl.TlpStream;

/// <summary>How a <see cref="TlpStreamBridge"/> paces its streams and resets the RTL.</summary>
public sealed record TlpStreamBridgeOptions
{
    /// <summary>
    /// Whether the bridge offers a beat (host-to-device streams), is ready (device-to-host streams, and
    /// <see cref="TlpChannel.Bridge"/> for <c>irq_req_ready</c>) in a cycle. Null: always. A deterministic pattern
    /// (say <c>(cycle, _) =&gt; cycle % 3 != 0</c>) exercises the RTL's handling of bubbles and back-pressure.
    /// </summary>
    public Func<ulong, TlpChannel, bool>? Throttle { get; init; }

    /// <summary>Cycles <c>rst</c> is held high on a reset.</summary>
    public int ResetCycles { get; init; } = TlpStreamBridge.DefaultResetCycles;

    /// <summary>Where protocol errors and refused TLPs are logged (besides <see cref="TlpStreamBridge.ProtocolError"/>).</summary>
    public ILogger? Logger { get; init; }
}
