using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>
/// VFIO_USER_DEVICE_SET_IRQS request payload, 20 bytes: argsz u32 @0, flags u32 @4, index u32 @8, start u32 @12,
/// count u32 @16; DATA_BOOL adds count bytes after it; DATA_EVENTFD sends count fds as SCM_RIGHTS.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct IrqSet
{
    public const int Size = 20;

    [FieldOffset(0)] public uint ArgumentSize;
    [FieldOffset(4)] public IrqSetFlags Flags;
    [FieldOffset(8)] public IrqIndex Index;
    [FieldOffset(12)] public uint Start;
    [FieldOffset(16)] public uint Count;
}

/// <summary>struct vfio_irq_set flags: exactly one data type (bits 2:0) and one action (bits 5:3).</summary>
[Flags]
internal enum IrqSetFlags : uint
{
    /// <summary>VFIO_IRQ_SET_DATA_NONE.</summary>
    DataNone = 0x1,

    /// <summary>VFIO_IRQ_SET_DATA_BOOL.</summary>
    DataBool = 0x2,

    /// <summary>VFIO_IRQ_SET_DATA_EVENTFD.</summary>
    DataEventFd = 0x4,

    /// <summary>VFIO_IRQ_SET_ACTION_MASK.</summary>
    ActionMask = 0x8,

    /// <summary>VFIO_IRQ_SET_ACTION_UNMASK.</summary>
    ActionUnmask = 0x10,

    /// <summary>VFIO_IRQ_SET_ACTION_TRIGGER.</summary>
    ActionTrigger = 0x20,

    /// <summary>The data type bits.</summary>
    DataTypeMask = DataNone | DataBool | DataEventFd,

    /// <summary>The action bits.</summary>
    ActionTypeMask = ActionMask | ActionUnmask | ActionTrigger,
}
