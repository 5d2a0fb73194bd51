using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>
/// VFIO_USER_DMA_READ/WRITE payload prefix in the layout of the spec and QEMU 11.x, 16 bytes: address u64 @0,
/// count u64 @8; the data follows at 16 (message offset 32). QEMU 10.1-10.2 used count u32 and data at 12: not
/// supported (docs/vfio-user.md §4.9).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct DmaTransfer
{
    public const int Size = 16;

    [FieldOffset(0)] public ulong Address;
    [FieldOffset(8)] public ulong Count;
}
