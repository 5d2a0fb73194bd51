using Cosim.Tlp;

namespace Cosim.Server.Tracing;

/// <summary>The device a traced TLP belongs to: its topology index and name, and its clock when it is simulated.</summary>
/// <param name="Index">Topology index (the link channel).</param>
/// <param name="Name">Device name.</param>
/// <param name="Clock">
/// The device's simulation clock (an RTL model), or null: when set, every record carries the cycle at which the TLP
/// crossed the link, so it can be found in the waveform.
/// </param>
public sealed record TraceDevice(int Index, string Name, ISimulationClock? Clock = null)
{
    /// <summary>The clock's current cycle, or null for a device without one.</summary>
    public ulong? Cycle => Clock?.Cycle;
}
