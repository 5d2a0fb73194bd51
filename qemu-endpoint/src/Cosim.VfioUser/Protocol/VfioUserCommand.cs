namespace Cosim.VfioUser;

/// <summary>The command field of a vfio-user message (docs/interop/vfio-user.rst, "Commands").</summary>
public enum VfioUserCommand : ushort
{
    /// <summary>VFIO_USER_VERSION: version and capability negotiation, always first.</summary>
    Version = 1,

    /// <summary>VFIO_USER_DMA_MAP: a guest memory range, with or without an fd.</summary>
    DmaMap = 2,

    /// <summary>VFIO_USER_DMA_UNMAP.</summary>
    DmaUnmap = 3,

    /// <summary>VFIO_USER_DEVICE_GET_INFO.</summary>
    DeviceGetInfo = 4,

    /// <summary>VFIO_USER_DEVICE_GET_REGION_INFO.</summary>
    DeviceGetRegionInfo = 5,

    /// <summary>VFIO_USER_DEVICE_GET_REGION_IO_FDS (never sent by QEMU).</summary>
    DeviceGetRegionIoFds = 6,

    /// <summary>VFIO_USER_DEVICE_GET_IRQ_INFO.</summary>
    DeviceGetIrqInfo = 7,

    /// <summary>VFIO_USER_DEVICE_SET_IRQS.</summary>
    DeviceSetIrqs = 8,

    /// <summary>VFIO_USER_REGION_READ.</summary>
    RegionRead = 9,

    /// <summary>VFIO_USER_REGION_WRITE.</summary>
    RegionWrite = 10,

    /// <summary>VFIO_USER_DMA_READ, server to client.</summary>
    DmaRead = 11,

    /// <summary>VFIO_USER_DMA_WRITE, server to client.</summary>
    DmaWrite = 12,

    /// <summary>VFIO_USER_DEVICE_RESET.</summary>
    DeviceReset = 13,

    /// <summary>VFIO_USER_DIRTY_PAGES (obsolete).</summary>
    DirtyPages = 14,

    /// <summary>VFIO_USER_REGION_WRITE_MULTI (only after the server offers write_multiple).</summary>
    RegionWriteMulti = 15,

    /// <summary>VFIO_USER_DEVICE_FEATURE.</summary>
    DeviceFeature = 16,

    /// <summary>VFIO_USER_MIG_DATA_READ.</summary>
    MigrationDataRead = 17,

    /// <summary>VFIO_USER_MIG_DATA_WRITE.</summary>
    MigrationDataWrite = 18,
}
