namespace Cosim.Server.Tracing;

/// <summary>The device a traced TLP belongs to: its topology index and name.</summary>
/// <param name="Index">Topology index (the link channel).</param>
/// <param name="Name">Device name.</param>
public sealed record TraceDevice(int Index, string Name);
