using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>
/// VFIO_USER_DEVICE_GET_REGION_INFO payload (request and reply), 32 bytes: argsz u32 @0, flags u32 @4,
/// index u32 @8, cap_offset u32 @12, size u64 @16, offset u64 @24.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct RegionInfo
{
    public const int Size = 32;

    [FieldOffset(0)] public uint ArgumentSize;
    [FieldOffset(4)] public RegionInfoFlags Flags;
    [FieldOffset(8)] public uint Index;
    [FieldOffset(12)] public uint CapabilityOffset;
    [FieldOffset(16)] public ulong RegionSize;
    [FieldOffset(24)] public ulong Offset;
}

/// <summary>struct vfio_region_info flags.</summary>
[Flags]
internal enum RegionInfoFlags : uint
{
    /// <summary>VFIO_REGION_INFO_FLAG_READ.</summary>
    Read = 0x1,

    /// <summary>VFIO_REGION_INFO_FLAG_WRITE.</summary>
    Write = 0x2,

    /// <summary>VFIO_REGION_INFO_FLAG_MMAP.</summary>
    Mmap = 0x4,

    /// <summary>VFIO_REGION_INFO_FLAG_CAPS.</summary>
    Capabilities = 0x8,
}

/// <summary>Region indices of a vfio PCI device (VFIO_PCI_*_REGION_INDEX).</summary>
internal enum RegionIndex : uint
{
    /// <summary>BAR0; BAR1-5 follow as 1-5.</summary>
    Bar0 = 0,

    /// <summary>BAR5.</summary>
    Bar5 = 5,

    /// <summary>The Expansion ROM.</summary>
    ExpansionRom = 6,

    /// <summary>PCI configuration space.</summary>
    Config = 7,

    /// <summary>Legacy VGA (never used).</summary>
    Vga = 8,

    /// <summary>The number of regions reported in DEVICE_GET_INFO.</summary>
    Count = 9,
}
