namespace Cosim.Hdl;

/// <summary>
/// The RTL stopped the simulation (<c>$stop</c>, <c>$fatal</c>, <c>$error</c>, a failed assertion) or the
/// Verilator runtime gave up. The model is failed afterwards: it can be read, traced and disposed, not evaluated.
/// </summary>
public sealed class RtlSimulationException : Exception
{
    /// <summary>Creates the exception for a failed call on <paramref name="top"/>.</summary>
    public RtlSimulationException(VerilatorStatus status, string top, string instanceName, ulong cycle, ulong simulationTime, string nativeMessage)
        : base($"{top} ({instanceName}) at cycle {cycle}, time {simulationTime}: {nativeMessage}")
    {
        Status = status;
        Top = top;
        InstanceName = instanceName;
        Cycle = cycle;
        SimulationTime = simulationTime;
        NativeMessage = nativeMessage;
    }

    /// <summary>Why the call failed.</summary>
    public VerilatorStatus Status { get; }

    /// <summary>The design's top module.</summary>
    public string Top { get; }

    /// <summary>The model instance's name.</summary>
    public string InstanceName { get; }

    /// <summary>The rising edges completed before the failure (the failing edge is cycle + 1).</summary>
    public ulong Cycle { get; }

    /// <summary>The simulation time of the failure, in units of the design's time precision.</summary>
    public ulong SimulationTime { get; }

    /// <summary>The shim's message: where the RTL stopped and the last line it printed.</summary>
    public string NativeMessage { get; }
}
