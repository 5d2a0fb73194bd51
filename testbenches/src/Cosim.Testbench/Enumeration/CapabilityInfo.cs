namespace Cosim.Testbench.Enumeration;

/// <summary>A capability found in the standard list: its Capability ID and configuration offset.</summary>
/// <param name="Id">Capability ID (byte 0).</param>
/// <param name="Offset">Offset of the capability's first byte.</param>
public readonly record struct CapabilityInfo(byte Id, int Offset);
