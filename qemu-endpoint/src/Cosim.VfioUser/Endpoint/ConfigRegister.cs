namespace Cosim.VfioUser;

/// <summary>Type 0 configuration header offsets the endpoint reads or sizes (PCI Local Bus 3.0 §6.1, PCIe Base 6.0 §7.5.1).</summary>
internal enum ConfigRegister
{
    /// <summary>Command register (16 bits).</summary>
    Command = 0x04,

    /// <summary>Status register (16 bits); bit 4 is Capabilities List.</summary>
    Status = 0x06,

    /// <summary>Base Address Register 0; BAR n is at 0x10 + 4n.</summary>
    BaseAddress0 = 0x10,

    /// <summary>One past Base Address Register 5.</summary>
    BaseAddressEnd = 0x28,

    /// <summary>Expansion ROM Base Address.</summary>
    ExpansionRomBaseAddress = 0x30,

    /// <summary>Capabilities Pointer (8 bits).</summary>
    CapabilitiesPointer = 0x34,

    /// <summary>Interrupt Pin (8 bits).</summary>
    InterruptPin = 0x3D,

    /// <summary>Size of the configuration region served to QEMU (PCIe extended configuration space).</summary>
    ConfigSpaceSize = 0x1000,
}

/// <summary>Bits of configuration registers the endpoint interprets.</summary>
internal static class ConfigBits
{
    /// <summary>Command: I/O Space Enable.</summary>
    public const ushort CommandIoSpace = 0x0001;

    /// <summary>Command: Memory Space Enable.</summary>
    public const ushort CommandMemorySpace = 0x0002;

    /// <summary>Status: Capabilities List.</summary>
    public const ushort StatusCapabilitiesList = 0x0010;

    /// <summary>BAR bit 0: I/O Space indicator.</summary>
    public const uint BarIoSpace = 0x1;

    /// <summary>Memory BAR bits 2:1 (Type): 10b = 64-bit.</summary>
    public const uint BarTypeMask = 0x6;

    /// <summary>Memory BAR Type 10b: a 64-bit BAR that takes the next slot too.</summary>
    public const uint BarType64 = 0x4;

    /// <summary>Memory BAR bit 3: Prefetchable.</summary>
    public const uint BarPrefetchable = 0x8;

    /// <summary>Address bits of a memory BAR.</summary>
    public const uint MemoryBarAddressMask = 0xFFFF_FFF0;

    /// <summary>Address bits of an I/O BAR.</summary>
    public const uint IoBarAddressMask = 0xFFFF_FFFC;

    /// <summary>Address bits of the Expansion ROM BAR.</summary>
    public const uint RomAddressMask = 0xFFFF_F800;

    /// <summary>Expansion ROM BAR bit 0: Expansion ROM Enable.</summary>
    public const uint RomEnable = 0x1;

    /// <summary>Capability header: ID at +0, Next Capability Pointer at +1, the capability's control register at +2.</summary>
    public const int CapabilityNextOffset = 1;

    /// <summary>Offset of Message Control in the MSI and MSI-X capabilities.</summary>
    public const int MessageControlOffset = 2;

    /// <summary>Offset of the Table Offset/Table BIR register in the MSI-X capability.</summary>
    public const int MsixTableOffsetOffset = 4;

    /// <summary>Capability pointers are DW aligned: the low 2 bits are reserved.</summary>
    public const byte CapabilityPointerMask = 0xFC;

    /// <summary>Type 0 header size: capabilities live above it.</summary>
    public const int HeaderSize = 0x40;

    /// <summary>MSI Message Control: MSI Enable.</summary>
    public const ushort MsiEnable = 0x0001;

    /// <summary>MSI Message Control: Multiple Message Capable, bits 3:1.</summary>
    public const int MsiMultipleMessageCapableShift = 1;

    /// <summary>MSI Message Control: Multiple Message Enable, bits 6:4.</summary>
    public const int MsiMultipleMessageEnableShift = 4;

    /// <summary>The 3-bit width of MMC and MME.</summary>
    public const int MsiMultipleMessageMask = 0x7;

    /// <summary>MSI-X Message Control: MSI-X Enable.</summary>
    public const ushort MsixEnable = 0x8000;

    /// <summary>MSI-X Message Control: Table Size (N-1), bits 10:0.</summary>
    public const ushort MsixTableSizeMask = 0x07FF;

    /// <summary>MSI-X Table Offset/BIR: BIR, bits 2:0.</summary>
    public const uint MsixBirMask = 0x7;

    /// <summary>Size of one MSI-X table entry: Message Address, Upper Address, Data, Vector Control.</summary>
    public const int MsixEntrySize = 16;

    /// <summary>Offset of Device Control in the PCI Express capability.</summary>
    public const int DeviceControlOffset = 8;

    /// <summary>Device Control: Max_Payload_Size, bits 7:5.</summary>
    public const int MaxPayloadSizeShift = 5;

    /// <summary>The 3-bit width of Max_Payload_Size.</summary>
    public const int MaxPayloadSizeMask = 0x7;

    /// <summary>Max_Payload_Size 101b: 4096 bytes, the largest defined encoding.</summary>
    public const int MaxPayloadSizeLargestEncoding = 5;

    /// <summary>Max_Payload_Size 000b: 128 bytes, the power-on value and the minimum every function supports.</summary>
    public const int MinimumMaxPayloadSize = 128;

    /// <summary>Guards the capability walk against loops: at most this many capabilities fit above the header.</summary>
    public const int MaxCapabilities = 48;
}

/// <summary>Capability IDs the endpoint looks for (PCI Code and ID Assignment, "Capability IDs").</summary>
internal enum CapabilityId : byte
{
    /// <summary>05h: MSI.</summary>
    Msi = 0x05,

    /// <summary>10h: PCI Express.</summary>
    PciExpress = 0x10,

    /// <summary>11h: MSI-X.</summary>
    MsiX = 0x11,
}
