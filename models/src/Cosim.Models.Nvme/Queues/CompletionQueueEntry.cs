using System.Buffers.Binary;
using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Queues;

/// <summary>
/// One 16-byte Completion Queue Entry (NVMe Base 1.4 §4.6).
/// </summary>
/// <remarks>
/// <code>
///      31                               17 16 15                          0
/// DW0 +-----------------------------------------------------------------+
///     | Command Specific (DW0 of the result)                            |
/// DW1 | reserved                                                        |
/// DW2 | SQID (Submission Queue Identifier)  | SQHD (SQ Head Pointer)    |
/// DW3 | Status Field                     | P | CID (Command Identifier) |
///     +-----------------------------------------------------------------+
/// </code>
/// </remarks>
internal readonly record struct CompletionQueueEntry(uint Dword0, ushort SubmissionQueueHead, ushort SubmissionQueueId, ushort CommandId, NvmeStatus Status)
{
    /// <summary>Bytes per entry (CC.IOCQES = 4, 2^4).</summary>
    public const int Size = 16;

    /// <summary>The only entry size the controller supports, as a power of two (CQES and CC.IOCQES).</summary>
    public const int SizeExponent = 4;

    private const int SubmissionQueueIdShift = 16;
    private const int PhaseShift = 16;
    private const int StatusShift = 17;

    /// <summary>Writes the entry with Phase Tag <paramref name="phase"/>.</summary>
    public void Encode(Span<byte> destination, bool phase)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Dword0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], SubmissionQueueHead | ((uint)SubmissionQueueId << SubmissionQueueIdShift));
        uint dword3 = CommandId | (phase ? 1u << PhaseShift : 0) | ((uint)Status.ToStatusField() << StatusShift);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], dword3);
    }
}
