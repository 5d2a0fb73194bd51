using Microsoft.Extensions.Logging;

namespace Cosim.Hdl.TlpStream;

/// <summary>How an <see cref="RtlFunction"/> runs its clock, logs and traces.</summary>
public sealed record RtlFunctionOptions
{
    /// <summary>Cycles the clock keeps running after the bridge became idle (lets an RTL without <c>busy</c> react to a posted write).</summary>
    public ulong IdleCycles { get; init; } = 64;

    /// <summary>Most cycles one run of the clock makes before it stops until the next TLP (a stuck <c>busy</c> cannot spin forever).</summary>
    public ulong MaxCyclesPerRun { get; init; } = 1_000_000;

    /// <summary>Cycles after which a host request the RTL has not completed is given up (Completion Timeout).</summary>
    public ulong CompletionTimeoutCycles { get; init; } = 10_000_000;

    /// <summary>
    /// Wall time after which a DMA read of the RTL that the host has not completed is ended by the bridge with a
    /// Completer Abort completion (Completion Timeout; see <see cref="RtlFunction.DmaCompletionTimeout"/>).
    /// </summary>
    public TimeSpan DmaCompletionTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The bridge's stream pacing and reset length.</summary>
    public TlpStreamBridgeOptions Bridge { get; init; } = new();

    /// <summary>Writes a waveform of the model (FST or VCD, as built) to this path from the first cycle.</summary>
    public string? TracePath { get; init; }

    /// <summary>Whether the RTL's <c>$display</c> output goes to standard output.</summary>
    public bool EchoRtlOutput { get; init; } = true;

    /// <summary>Where refused requests, interrupt problems and RTL protocol errors are logged.</summary>
    public ILogger? Logger { get; init; }
}
