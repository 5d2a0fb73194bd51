using System.Buffers.Binary;

namespace Cosim.Models.Nvme.Tests;

/// <summary>A Submission Queue Entry as a driver builds it (NVMe Base 1.4 §4.2), encoded little-endian.</summary>
internal readonly record struct NvmeCommand(
    byte Opcode,
    uint NamespaceId = 0,
    ulong Prp1 = 0,
    ulong Prp2 = 0,
    uint Dword10 = 0,
    uint Dword11 = 0,
    uint Dword12 = 0,
    uint Dword13 = 0,
    uint Dword14 = 0,
    uint Dword15 = 0,
    int Fuse = 0,
    int DataTransfer = 0)
{
    public byte[] Encode(ushort commandId)
    {
        var entry = new byte[64];
        uint dword0 = Opcode | ((uint)Fuse << 8) | ((uint)DataTransfer << 14) | ((uint)commandId << 16);
        BinaryPrimitives.WriteUInt32LittleEndian(entry, dword0);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), NamespaceId);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(24), Prp1);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(32), Prp2);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(40), Dword10);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(44), Dword11);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(48), Dword12);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(52), Dword13);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(56), Dword14);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(60), Dword15);
        return entry;
    }
}
