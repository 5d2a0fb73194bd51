namespace Cosim.Testbench.Enumeration;

/// <summary>An extended capability found from 100h: its ID, version and configuration offset.</summary>
/// <param name="Id">PCI Express Extended Capability ID (bits 15:0 of the header).</param>
/// <param name="Version">Capability Version (bits 19:16).</param>
/// <param name="Offset">Offset of the capability header.</param>
public readonly record struct ExtendedCapabilityInfo(ushort Id, byte Version, int Offset);
