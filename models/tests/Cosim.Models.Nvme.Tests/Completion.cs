using System.Buffers.Binary;
using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

/// <summary>A Completion Queue Entry as the driver reads it (NVMe Base 1.4 §4.6).</summary>
internal readonly record struct Completion(uint Dword0, ushort SubmissionQueueHead, ushort SubmissionQueueId, ushort CommandId, bool Phase, NvmeStatus Status, bool DoNotRetry)
{
    public static Completion Decode(ReadOnlySpan<byte> entry)
    {
        uint dword2 = BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
        uint dword3 = BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]);
        ushort statusField = (ushort)(dword3 >> 17);
        return new Completion(
            BinaryPrimitives.ReadUInt32LittleEndian(entry),
            (ushort)dword2,
            (ushort)(dword2 >> 16),
            (ushort)dword3,
            ((dword3 >> 16) & 1) != 0,
            NvmeStatusExtensions.FromStatusField(statusField),
            (statusField & (1 << 14)) != 0);
    }
}
