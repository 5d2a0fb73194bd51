using System.Buffers.Binary;

namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>
/// The Identify Namespace data structure, CNS 00h (NVMe Base 1.4 §5.15.2.1, Figure 245): 4096 bytes. One LBA
/// format, no metadata, no protection information.
/// </summary>
internal static class IdentifyNamespaceData
{
    /// <summary>Size of the structure.</summary>
    public const int Size = 4096;

    /// <summary>DLFEAT: deallocated blocks read as zeros (bits 2:0 = 001b); Write Zeroes may deallocate (bit 3).</summary>
    public const byte DeallocateLogicalBlockFeatures = 0b1001;

    private const int LbaDataSizeShift = 16;

    /// <summary>Writes the structure into <paramref name="data"/> (zeroed, <see cref="Size"/> bytes).</summary>
    public static void Write(Span<byte> data, ControllerProfile profile)
    {
        ulong blocks = (ulong)profile.BlockCount;
        BinaryPrimitives.WriteUInt64LittleEndian(data[(int)Field.NamespaceSize..], blocks);
        BinaryPrimitives.WriteUInt64LittleEndian(data[(int)Field.NamespaceCapacity..], blocks);
        BinaryPrimitives.WriteUInt64LittleEndian(data[(int)Field.NamespaceUtilization..], blocks);
        data[(int)Field.NumberOfLbaFormats] = 0; // 0's based: one format
        data[(int)Field.FormattedLbaSize] = 0;   // format 0, metadata (none) not at the end of the LBA
        data[(int)Field.DeallocateLogicalBlockFeatures] = DeallocateLogicalBlockFeatures;
        BinaryPrimitives.WriteUInt64LittleEndian(data[(int)Field.NvmCapacity..], (ulong)profile.BlockCount * (ulong)profile.LogicalBlockSize);
        profile.NamespaceGloballyUniqueId.CopyTo(data[(int)Field.NamespaceGloballyUniqueId..]);

        // LBA Format 0: MS 0, LBADS (2^n bytes), RP 00b (best performance).
        BinaryPrimitives.WriteUInt32LittleEndian(data[(int)Field.LbaFormat0..], (uint)profile.LogicalBlockSizeExponent << LbaDataSizeShift);
    }

    // Byte offsets (Figure 245).
    private enum Field
    {
        NamespaceSize = 0,
        NamespaceCapacity = 8,
        NamespaceUtilization = 16,
        NumberOfLbaFormats = 25,
        FormattedLbaSize = 26,
        DeallocateLogicalBlockFeatures = 33,
        NvmCapacity = 48,
        NamespaceGloballyUniqueId = 104,
        LbaFormat0 = 128,
    }
}
