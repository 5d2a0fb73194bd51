namespace Cosim.Tlp.Config.Capabilities;

/// <summary>
/// The MSI-X Capability (Capability ID 11h; PCIe Base 6.0 §7.7.2). The MSI-X Table and Pending Bit Array live in
/// memory BARs of the function; this structure only says where.
/// </summary>
/// <remarks>
/// <code>
///  31                       16 15            8 7             0
/// +---------------------------+---------------+---------------+
/// | Message Control           | Next Pointer  | Cap ID 11h    | 00h
/// +---------------------------+---------------+-------+-------+
/// | Table Offset [31:3]                               | BIR   | 04h
/// +---------------------------------------------------+-------+
/// | PBA Offset [31:3]                                 | BIR   | 08h
/// +---------------------------------------------------+-------+
/// </code>
/// Message Control: 10:0 Table Size (N − 1, RO), 14 Function Mask (RW), 15 MSI-X Enable (RW).
/// Each table entry is 16 bytes (Message Address, Message Upper Address, Message Data, Vector Control); the PBA holds
/// one bit per entry in QWORDs. The offsets are QWORD aligned ("The lower 3 Table BIR bits are masked off ... to form
/// a 32-bit QWORD-aligned offset").
/// </remarks>
public sealed class MsixCapability : Capability
{
    /// <summary>Most table entries: Table Size is 11 bits, N − 1 encoded.</summary>
    public const int MaxTableSize = 2048;

    /// <summary>Bytes per MSI-X Table entry.</summary>
    public const int TableEntrySize = 16;

    /// <summary>Table and PBA offsets are QWORD aligned.</summary>
    public const uint OffsetAlignment = 8;

    internal const int StructureLength = 12;
    internal const ushort TableSizeMask = 0x07FF;
    internal const ushort FunctionMaskBit = 1 << 14;
    internal const ushort MsixEnableBit = 1 << 15;
    internal const uint BirMask = 0b111;

    /// <summary>Declares the capability; where the table and PBA go is checked against the BARs when the function is built.</summary>
    /// <param name="tableSize">Number of table entries, 1-2048.</param>
    /// <param name="tableBar">Table BIR: the BAR (0-5) that holds the table; for a 64-bit BAR, its lower slot.</param>
    /// <param name="tableOffset">Table Offset within that BAR, 8-byte aligned.</param>
    /// <param name="pbaBar">PBA BIR.</param>
    /// <param name="pbaOffset">PBA Offset within that BAR, 8-byte aligned.</param>
    public MsixCapability(int tableSize, int tableBar, uint tableOffset, int pbaBar, uint pbaOffset)
    {
        if (tableSize is < 1 or > MaxTableSize)
        {
            throw new ArgumentOutOfRangeException(nameof(tableSize), tableSize, "MSI-X: tableSize must be 1-2048 entries.");
        }

        CheckBir(tableBar, nameof(tableBar), "Table BIR");
        CheckBir(pbaBar, nameof(pbaBar), "PBA BIR");
        CheckOffset(tableOffset, nameof(tableOffset), "Table Offset");
        CheckOffset(pbaOffset, nameof(pbaOffset), "PBA Offset");
        TableSize = tableSize;
        TableBar = tableBar;
        TableOffset = tableOffset;
        PbaBar = pbaBar;
        PbaOffset = pbaOffset;
    }

    /// <summary>Table entries.</summary>
    public int TableSize { get; }

    /// <summary>Table BIR.</summary>
    public int TableBar { get; }

    /// <summary>Table Offset.</summary>
    public uint TableOffset { get; }

    /// <summary>PBA BIR.</summary>
    public int PbaBar { get; }

    /// <summary>PBA Offset.</summary>
    public uint PbaOffset { get; }

    /// <summary>Bytes of the table: 16 per entry.</summary>
    public uint TableLength => (uint)TableSize * TableEntrySize;

    /// <summary>Bytes of the PBA: one bit per entry, rounded up to whole QWORDs.</summary>
    public uint PbaLength => (uint)((TableSize + 63) / 64) * 8;

    /// <inheritdoc/>
    public override string Name => "MSI-X";

    internal override bool IsExtended => false;

    internal override int Id => (int)CapabilityId.Msix;

    internal override int Length => StructureLength;

    internal override CapabilityState Attach(ConfigRegisterFile registers, int offset)
    {
        registers.Define(
            offset + (int)Register.MessageControl,
            2,
            powerOn: (uint)(TableSize - 1),
            writable: FunctionMaskBit | MsixEnableBit,
            change: ConfigChange.MsixControl);
        registers.Define(offset + (int)Register.TableOffsetBir, 4, powerOn: TableOffset | (uint)TableBar);
        registers.Define(offset + (int)Register.PbaOffsetBir, 4, powerOn: PbaOffset | (uint)PbaBar);
        return new MsixState(registers, offset, this);
    }

    /// <summary>The table and the PBA are inside memory BARs of this function and do not overlap.</summary>
    internal override void Validate(ConfigSpace space)
    {
        CheckInsideBar(space, TableBar, TableOffset, TableLength, "table");
        CheckInsideBar(space, PbaBar, PbaOffset, PbaLength, "PBA");
        if (TableBar == PbaBar && TableOffset < PbaOffset + PbaLength && PbaOffset < TableOffset + TableLength)
        {
            throw new ArgumentException(
                $"MSI-X: the table (BAR{TableBar} 0x{TableOffset:X}-0x{TableOffset + TableLength - 1:X}) and the PBA (0x{PbaOffset:X}-0x{PbaOffset + PbaLength - 1:X}) overlap.");
        }
    }

    private static void CheckInsideBar(ConfigSpace space, int bar, uint offset, uint length, string what)
    {
        BarDefinition? definition = space.GetBar(bar);
        if (definition is null || definition.Index != bar)
        {
            throw new ArgumentException($"MSI-X: the {what} is in BAR{bar}, which the function does not implement (or is the upper half of a 64-bit BAR).");
        }

        if (!definition.IsMemory)
        {
            throw new ArgumentException($"MSI-X: the {what} is in BAR{bar}, an I/O BAR; the table and PBA must be in Memory Space.");
        }

        if ((ulong)offset + length > definition.Size)
        {
            throw new ArgumentException($"MSI-X: the {what} (0x{offset:X} + 0x{length:X} bytes) does not fit in BAR{bar} (0x{definition.Size:X} bytes).");
        }
    }

    private static void CheckBir(int bir, string parameter, string field)
    {
        if (bir is < 0 or >= BarDefinition.Count)
        {
            throw new ArgumentOutOfRangeException(parameter, bir, $"MSI-X: {field} must name BAR0-BAR5.");
        }
    }

    private static void CheckOffset(uint offset, string parameter, string field)
    {
        if (offset % OffsetAlignment != 0)
        {
            throw new ArgumentOutOfRangeException(parameter, offset, $"MSI-X: {field} 0x{offset:X} is not 8-byte (QWORD) aligned.");
        }
    }

    internal enum Register
    {
        MessageControl = 0x02,
        TableOffsetBir = 0x04,
        PbaOffsetBir = 0x08,
    }
}
