using System.Buffers.Binary;

namespace Cosim.Models.Nvme.Queues;

/// <summary>
/// One 64-byte Submission Queue Entry, the common command format (NVMe Base 1.4 §4.2), decoded little-endian.
/// </summary>
/// <remarks>
/// <code>
///        31            16 15 14 13   10 9  8 7            0
/// DW0   +----------------+-----+-------+----+--------------+
///       | CID            |PSDT | rsvd  |FUSE| OPC          |
///       +----------------+-----+-------+----+--------------+
/// DW1   | NSID (Namespace Identifier)                      |
/// DW2-3 | reserved                                         |
/// DW4-5 | MPTR (Metadata Pointer)                          |
/// DW6-7 | DPTR: PRP Entry 1                                |
/// DW8-9 | DPTR: PRP Entry 2                                |
/// DW10-15 CDW10 .. CDW15 (command specific)                |
///       +--------------------------------------------------+
/// </code>
/// </remarks>
internal readonly struct SubmissionQueueEntry
{
    /// <summary>Bytes per entry (CC.IOSQES = 6, 2^6).</summary>
    public const int Size = 64;

    /// <summary>The only entry size the controller supports, as a power of two (SQES and CC.IOSQES).</summary>
    public const int SizeExponent = 6;

    private const int FuseShift = 8;
    private const int FuseMask = 0b11;
    private const int PsdtShift = 14;
    private const int PsdtMask = 0b11;
    private const int CommandIdShift = 16;

    private SubmissionQueueEntry(ReadOnlySpan<byte> entry)
    {
        uint dword0 = BinaryPrimitives.ReadUInt32LittleEndian(entry);
        Opcode = (byte)dword0;
        FusedOperation = (int)(dword0 >> FuseShift) & FuseMask;
        DataTransfer = (int)(dword0 >> PsdtShift) & PsdtMask;
        CommandId = (ushort)(dword0 >> CommandIdShift);
        NamespaceId = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
        Prp1 = BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]);
        Prp2 = BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]);
        Dword10 = BinaryPrimitives.ReadUInt32LittleEndian(entry[40..]);
        Dword11 = BinaryPrimitives.ReadUInt32LittleEndian(entry[44..]);
        Dword12 = BinaryPrimitives.ReadUInt32LittleEndian(entry[48..]);
        Dword13 = BinaryPrimitives.ReadUInt32LittleEndian(entry[52..]);
        Dword14 = BinaryPrimitives.ReadUInt32LittleEndian(entry[56..]);
        Dword15 = BinaryPrimitives.ReadUInt32LittleEndian(entry[60..]);
    }

    /// <summary>OPC: the opcode.</summary>
    public byte Opcode { get; }

    /// <summary>FUSE: 00b normal, 01b/10b fused first/second (not supported).</summary>
    public int FusedOperation { get; }

    /// <summary>PSDT: 00b PRPs; SGLs (01b, 10b) are not supported.</summary>
    public int DataTransfer { get; }

    /// <summary>CID: the command identifier the completion echoes.</summary>
    public ushort CommandId { get; }

    /// <summary>NSID.</summary>
    public uint NamespaceId { get; }

    /// <summary>PRP Entry 1.</summary>
    public ulong Prp1 { get; }

    /// <summary>PRP Entry 2.</summary>
    public ulong Prp2 { get; }

    /// <summary>Command Dword 10.</summary>
    public uint Dword10 { get; }

    /// <summary>Command Dword 11.</summary>
    public uint Dword11 { get; }

    /// <summary>Command Dword 12.</summary>
    public uint Dword12 { get; }

    /// <summary>Command Dword 13.</summary>
    public uint Dword13 { get; }

    /// <summary>Command Dword 14.</summary>
    public uint Dword14 { get; }

    /// <summary>Command Dword 15.</summary>
    public uint Dword15 { get; }

    /// <summary>Decodes the first <see cref="Size"/> bytes of <paramref name="entry"/>.</summary>
    public static SubmissionQueueEntry Decode(ReadOnlySpan<byte> entry)
    {
        if (entry.Length < Size)
        {
            throw new ArgumentException($"A Submission Queue Entry is {Size} bytes (got {entry.Length}).", nameof(entry));
        }

        return new SubmissionQueueEntry(entry);
    }
}
