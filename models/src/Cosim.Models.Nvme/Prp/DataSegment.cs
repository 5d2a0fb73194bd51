namespace Cosim.Models.Nvme.Prp;

/// <summary>A physically contiguous piece of a command's data buffer in host memory.</summary>
internal readonly record struct DataSegment(ulong Address, int Length);
