using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>
/// VFIO_USER_REGION_READ/WRITE payload prefix, 16 bytes: offset u64 @0 (within the region), region u32 @8,
/// count u32 @12; the data follows at 16 for writes and read replies.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct RegionAccess
{
    public const int Size = 16;

    [FieldOffset(0)] public ulong Offset;
    [FieldOffset(8)] public uint Region;
    [FieldOffset(12)] public uint Count;
}
