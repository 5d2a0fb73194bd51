using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>VFIO_USER_DEVICE_GET_IRQ_INFO payload (request and reply), 16 bytes: argsz, flags, index, count.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct IrqInfo
{
    public const int Size = 16;

    [FieldOffset(0)] public uint ArgumentSize;
    [FieldOffset(4)] public IrqInfoFlags Flags;
    [FieldOffset(8)] public IrqIndex Index;
    [FieldOffset(12)] public uint Count;
}

/// <summary>struct vfio_irq_info flags.</summary>
[Flags]
internal enum IrqInfoFlags : uint
{
    /// <summary>VFIO_IRQ_INFO_EVENTFD.</summary>
    EventFd = 0x1,

    /// <summary>VFIO_IRQ_INFO_MASKABLE.</summary>
    Maskable = 0x2,

    /// <summary>VFIO_IRQ_INFO_AUTOMASKED.</summary>
    AutoMasked = 0x4,

    /// <summary>VFIO_IRQ_INFO_NORESIZE.</summary>
    NoResize = 0x8,
}

/// <summary>IRQ indices of a vfio PCI device (VFIO_PCI_*_IRQ_INDEX).</summary>
internal enum IrqIndex : uint
{
    /// <summary>INTx, level-triggered, one line.</summary>
    Intx = 0,

    /// <summary>MSI vectors.</summary>
    Msi = 1,

    /// <summary>MSI-X vectors.</summary>
    Msix = 2,

    /// <summary>Error notification (stops the VM in QEMU; reported with count 0).</summary>
    Error = 3,

    /// <summary>Device request (unused by QEMU).</summary>
    Request = 4,

    /// <summary>The number of IRQ indices reported in DEVICE_GET_INFO.</summary>
    Count = 5,
}
