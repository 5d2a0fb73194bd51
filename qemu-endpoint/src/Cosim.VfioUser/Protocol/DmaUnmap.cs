using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>VFIO_USER_DMA_UNMAP request payload, 24 bytes: argsz u32 @0, flags u32 @4, address u64 @8, size u64 @16.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct DmaUnmap
{
    public const int Size = 24;

    [FieldOffset(0)] public uint ArgumentSize;
    [FieldOffset(4)] public DmaUnmapFlags Flags;
    [FieldOffset(8)] public ulong Address;
    [FieldOffset(16)] public ulong RangeSize;
}

/// <summary>DMA_UNMAP flags.</summary>
[Flags]
internal enum DmaUnmapFlags : uint
{
    /// <summary>VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP (not supported).</summary>
    GetDirtyBitmap = 0x1,

    /// <summary>VFIO_DMA_UNMAP_FLAG_ALL: unmap everything (address and size 0).</summary>
    All = 0x2,
}
