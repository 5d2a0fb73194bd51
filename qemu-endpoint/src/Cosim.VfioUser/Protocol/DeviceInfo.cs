using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>VFIO_USER_DEVICE_GET_INFO payload (request and reply), 16 bytes: argsz, flags, num_regions, num_irqs.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct DeviceInfo
{
    public const int Size = 16;

    [FieldOffset(0)] public uint ArgumentSize;
    [FieldOffset(4)] public DeviceInfoFlags Flags;
    [FieldOffset(8)] public uint RegionCount;
    [FieldOffset(12)] public uint IrqCount;
}

/// <summary>struct vfio_device_info flags.</summary>
[Flags]
internal enum DeviceInfoFlags : uint
{
    /// <summary>VFIO_DEVICE_FLAGS_RESET: the client may send DEVICE_RESET.</summary>
    Reset = 0x1,

    /// <summary>VFIO_DEVICE_FLAGS_PCI: required by vfio-user-pci.</summary>
    Pci = 0x2,
}
