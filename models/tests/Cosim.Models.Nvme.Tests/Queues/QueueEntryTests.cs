using Cosim.Models.Nvme.Commands;
using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme.Tests.Queues;

public sealed class QueueEntryTests
{
    [Fact]
    public void ASubmissionQueueEntryDecodesEveryCommonField()
    {
        // DW0 = CID 0x1234 | PSDT 01b | FUSE 10b | OPC 02h = 0x1234_4202; NSID 1; PRP1 at DW6, PRP2 at DW8; CDW10-15.
        byte[] entry = new NvmeCommand(0x02, 1, 0x1122_3344_5566_7788, 0x99AA_BBCC_DDEE_F000, 10, 11, 12, 13, 14, 15, Fuse: 2, DataTransfer: 1).Encode(0x1234);
        Assert.Equal([0x02, 0x42, 0x34, 0x12], entry[..4]);

        var decoded = SubmissionQueueEntry.Decode(entry);

        Assert.Equal(0x02, decoded.Opcode);
        Assert.Equal(2, decoded.FusedOperation);
        Assert.Equal(1, decoded.DataTransfer);
        Assert.Equal(0x1234, decoded.CommandId);
        Assert.Equal(1u, decoded.NamespaceId);
        Assert.Equal(0x1122_3344_5566_7788ul, decoded.Prp1);
        Assert.Equal(0x99AA_BBCC_DDEE_F000ul, decoded.Prp2);
        Assert.Equal([10u, 11u, 12u, 13u, 14u, 15u], [decoded.Dword10, decoded.Dword11, decoded.Dword12, decoded.Dword13, decoded.Dword14, decoded.Dword15]);
    }

    [Fact]
    public void AShortSubmissionQueueEntryIsRefused()
    {
        Assert.Throws<ArgumentException>(() => SubmissionQueueEntry.Decode(new byte[63]));
    }

    [Theory]
    // LBA Out of Range: SC 80h, SCT 0, DNR: status field 0x4080; DW3 = 0x4080 << 17 | P << 16 | CID 0x0007.
    [InlineData(NvmeStatus.LbaOutOfRange, true, new byte[] { 0x07, 0x00, 0x01, 0x81 })]
    // Invalid Queue Identifier: SC 01h, SCT 1, DNR: status field 0x4101; phase 0.
    [InlineData(NvmeStatus.InvalidQueueIdentifier, false, new byte[] { 0x07, 0x00, 0x02, 0x82 })]
    // Success: status field 0.
    [InlineData(NvmeStatus.Success, true, new byte[] { 0x07, 0x00, 0x01, 0x00 })]
    // Data Transfer Error: SC 04h, no DNR: status field 0x0004.
    [InlineData(NvmeStatus.DataTransferError, true, new byte[] { 0x07, 0x00, 0x09, 0x00 })]
    // Unrecovered Read Error: SC 81h, SCT 2, DNR: status field 0x4281.
    [InlineData(NvmeStatus.UnrecoveredReadError, true, new byte[] { 0x07, 0x00, 0x03, 0x85 })]
    public void ACompletionQueueEntryEncodesStatusPhaseAndCommandIdInDword3(NvmeStatus status, bool phase, byte[] dword3)
    {
        var entry = new byte[16];

        new CompletionQueueEntry(0xCAFE_F00D, 5, 3, 7, status).Encode(entry, phase);

        Assert.Equal([0x0D, 0xF0, 0xFE, 0xCA], entry[..4]);   // DW0
        Assert.Equal(new byte[4], entry[4..8]);                // DW1 reserved
        Assert.Equal([0x05, 0x00, 0x03, 0x00], entry[8..12]);  // SQHD 5, SQID 3
        Assert.Equal(dword3, entry[12..16]);
    }
}
