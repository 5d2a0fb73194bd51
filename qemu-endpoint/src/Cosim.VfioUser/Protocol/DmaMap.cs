using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>
/// VFIO_USER_DMA_MAP request payload, 32 bytes: argsz u32 @0, flags u32 @4, offset u64 @8 (into the fd),
/// address u64 @16 (IOVA = guest physical without a vIOMMU), size u64 @24. Plus 0 or 1 fd.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct DmaMap
{
    public const int Size = 32;

    [FieldOffset(0)] public uint ArgumentSize;
    [FieldOffset(4)] public DmaMapFlags Flags;
    [FieldOffset(8)] public ulong Offset;
    [FieldOffset(16)] public ulong Address;
    [FieldOffset(24)] public ulong RangeSize;
}

/// <summary>DMA_MAP flags: the access the client grants.</summary>
[Flags]
internal enum DmaMapFlags : uint
{
    /// <summary>VFIO_USER_F_DMA_REGION_READ.</summary>
    Read = 0x1,

    /// <summary>VFIO_USER_F_DMA_REGION_WRITE.</summary>
    Write = 0x2,
}
