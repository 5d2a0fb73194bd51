namespace Cosim.Tlp.Config;

/// <summary>The type-0 header: its register table and typed views of Command and Status.</summary>
/// <remarks>
/// PCIe Base 6.0 §7.5.1.1 and §7.5.1.2, Figure 7-11 (PCI Local Bus 3.0 §6.1, Figure 6-1):
/// <code>
///  31            24 23            16 15             8 7              0
/// +----------------+----------------+----------------+----------------+
/// |           Device ID             |           Vendor ID             | 00h
/// |           Status                |           Command               | 04h
/// |              Class Code                          |  Revision ID   | 08h
/// |      BIST      |  Header Type   | Latency Timer  | Cache Line Size| 0Ch
/// |                     Base Address Registers 0-5                    | 10h-24h
/// |                     Cardbus CIS Pointer                           | 28h
/// |         Subsystem ID            |      Subsystem Vendor ID        | 2Ch
/// |                Expansion ROM Base Address                         | 30h
/// |                   Reserved                       |  Cap. Pointer  | 34h
/// |                   Reserved                                        | 38h
/// |    Max_Lat     |    Min_Gnt     | Interrupt Pin  | Interrupt Line | 3Ch
/// +----------------+----------------+----------------+----------------+
/// </code>
/// PCI Express hardwires Latency Timer, BIST, Min_Gnt, Max_Lat and Cardbus CIS Pointer to 0; Cache Line Size is RW
/// "for legacy compatibility" with no effect (§7.5.1.1.7).
/// </remarks>
public sealed partial class ConfigSpace
{
    private const byte MultiFunctionDeviceBit = 0x80;
    private const uint ExpansionRomEnableBit = 1;
    private const uint ExpansionRomAddressMask = 0xFFFF_F800;
    private const uint InterruptStatusBit = (uint)StatusFlags.InterruptStatus << 16;

    /// <summary>The Command register.</summary>
    public CommandFlags Command => (CommandFlags)_registers.ReadUInt16((int)Type0Register.Command);

    /// <summary>Command: I/O Space Enable.</summary>
    public bool IoSpaceEnable => (Command & CommandFlags.IoSpaceEnable) != 0;

    /// <summary>Command: Memory Space Enable.</summary>
    public bool MemorySpaceEnable => (Command & CommandFlags.MemorySpaceEnable) != 0;

    /// <summary>Command: Bus Master Enable. Without it the function must not issue memory requests, MSI included.</summary>
    public bool BusMasterEnable => (Command & CommandFlags.BusMasterEnable) != 0;

    /// <summary>Command: Interrupt Disable. With it the function must not assert INTx.</summary>
    public bool InterruptDisable => (Command & CommandFlags.InterruptDisable) != 0;

    /// <summary>The Status register.</summary>
    public StatusFlags Status => (StatusFlags)_registers.ReadUInt16((int)Type0Register.Status);

    /// <summary>
    /// Status: Interrupt Status, the function's INTx state. The function sets it when its interrupt condition is
    /// pending, whether or not Interrupt Disable lets it send Assert_INTx.
    /// </summary>
    public bool InterruptStatus
    {
        get => (Status & StatusFlags.InterruptStatus) != 0;
        set
        {
            if (value)
            {
                _registers.SetBits((int)Type0Register.Command, InterruptStatusBit);
            }
            else
            {
                _registers.ClearBits((int)Type0Register.Command, InterruptStatusBit);
            }
        }
    }

    /// <summary>Cache Line Size as software programmed it (no effect in PCI Express).</summary>
    public byte CacheLineSize => _registers.ReadByte((int)Type0Register.CacheLineSize);

    /// <summary>Interrupt Line as software programmed it (routing information, no effect on the function).</summary>
    public byte InterruptLine => _registers.ReadByte((int)Type0Register.InterruptLine);

    /// <summary>Sets Status error bits (RW1C) as the function does when it detects the event; software clears them.</summary>
    public void SetStatus(StatusFlags errorBits)
    {
        if ((errorBits & ~StatusFlags.ErrorBits) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(errorBits), errorBits, "Only the RW1C error bits of Status can be set; Interrupt Status has its own property.");
        }

        _registers.SetBits((int)Type0Register.Command, (uint)errorBits << 16);
    }

    private void DefineHeader(bool hasCapabilities)
    {
        FunctionIdentity id = Identity;
        Define(Type0Register.VendorId, 2, id.VendorId);
        Define(Type0Register.DeviceId, 2, id.DeviceId);
        Define(Type0Register.Command, 2, powerOn: 0, writable: (uint)CommandFlags.Writable, change: ConfigChange.Command);
        Define(
            Type0Register.Status,
            2,
            powerOn: hasCapabilities ? (uint)StatusFlags.CapabilitiesList : 0,
            writeOneToClear: (uint)StatusFlags.ErrorBits);
        Define(Type0Register.RevisionId, 1, id.RevisionId);
        Define(Type0Register.ProgrammingInterface, 1, id.ProgrammingInterface);
        Define(Type0Register.SubClass, 1, id.SubClass);
        Define(Type0Register.BaseClass, 1, id.BaseClass);
        Define(Type0Register.CacheLineSize, 1, powerOn: 0, writable: byte.MaxValue);
        Define(Type0Register.LatencyTimer, 1, powerOn: 0);
        Define(Type0Register.HeaderType, 1, id.MultiFunctionDevice ? MultiFunctionDeviceBit : 0u);
        Define(Type0Register.Bist, 1, powerOn: 0);
        DefineBars();
        Define(Type0Register.CardbusCisPointer, 4, powerOn: 0);
        Define(Type0Register.SubsystemVendorId, 2, id.SubsystemVendorId);
        Define(Type0Register.SubsystemId, 2, id.SubsystemId);
        uint romWritable = ExpansionRom is null ? 0 : (~(ExpansionRom.Size - 1) & ExpansionRomAddressMask) | ExpansionRomEnableBit;
        Define(Type0Register.ExpansionRomBaseAddress, 4, powerOn: 0, writable: romWritable, change: ConfigChange.BaseAddress);
        Define(Type0Register.CapabilitiesPointer, 1, hasCapabilities ? (uint)CapabilitiesStart : 0);
        Define(Type0Register.InterruptLine, 1, powerOn: 0, writable: byte.MaxValue);
        Define(Type0Register.InterruptPin, 1, (uint)id.InterruptPin);
        Define(Type0Register.MinGnt, 1, powerOn: 0);
        Define(Type0Register.MaxLat, 1, powerOn: 0);
    }

    private void Define(
        Type0Register register,
        int width,
        uint powerOn,
        uint writable = 0,
        uint writeOneToClear = 0,
        ConfigChange change = ConfigChange.None) =>
        _registers.Define((int)register, width, powerOn, writable, writeOneToClear, change);

    private enum Type0Register
    {
        VendorId = 0x00,
        DeviceId = 0x02,
        Command = 0x04,
        Status = 0x06,
        RevisionId = 0x08,
        ProgrammingInterface = 0x09,
        SubClass = 0x0A,
        BaseClass = 0x0B,
        CacheLineSize = 0x0C,
        LatencyTimer = 0x0D,
        HeaderType = 0x0E,
        Bist = 0x0F,
        BaseAddress0 = 0x10,
        CardbusCisPointer = 0x28,
        SubsystemVendorId = 0x2C,
        SubsystemId = 0x2E,
        ExpansionRomBaseAddress = 0x30,
        CapabilitiesPointer = 0x34,
        InterruptLine = 0x3C,
        InterruptPin = 0x3D,
        MinGnt = 0x3E,
        MaxLat = 0x3F,
    }
}
