using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Tests.Transactions;

public sealed class CompletionSplitterTests
{
    private static readonly PcieId s_requester = PcieId.From(0x00, 0, 0);
    private static readonly PcieId s_completer = PcieId.From(0x01, 0, 0);

    // §2.3.1.1 examples 3 and 4: MRd at 10020h for 100h bytes. An Endpoint (RCB 128) may answer "256 -or- 96, 160
    // -or- 96, 128, 32 -or- 224, 32"; a Root Complex with RCB 64 may also answer "32, 64, 64, 64, 32".
    [Theory]
    [InlineData(MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128, CompletionSplitting.Largest, new[] { 96, 128, 32 })]
    [InlineData(MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes128, CompletionSplitting.Largest, new[] { 256 })]
    [InlineData(MaxPayloadSize.Bytes512, ReadCompletionBoundary.Bytes128, CompletionSplitting.Largest, new[] { 256 })]
    [InlineData(MaxPayloadSize.Bytes512, ReadCompletionBoundary.Bytes128, CompletionSplitting.AtEveryBoundary, new[] { 96, 128, 32 })]
    [InlineData(MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes64, CompletionSplitting.Largest, new[] { 96, 128, 32 })]
    [InlineData(MaxPayloadSize.Bytes512, ReadCompletionBoundary.Bytes64, CompletionSplitting.AtEveryBoundary, new[] { 32, 64, 64, 64, 32 })]
    public void MemoryReadSplitsAsTheSpecExamplesShow(MaxPayloadSize mps, ReadCompletionBoundary rcb, CompletionSplitting splitting, int[] expectedSizes)
    {
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 1, address: 0x10020, byteCount: 0x100);

        List<CompletionChunk> chunks = Split(request, mps, rcb, splitting);

        Assert.Equal(expectedSizes, chunks.Select(c => c.DataBytes));
    }

    // §2.3.1.1 examples 1 and 2: MRd at 10000h for C0h bytes: "192 -or- 128, 64 -or- 64, 128 -or- 64, 64, 64".
    [Theory]
    [InlineData(MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes64, CompletionSplitting.Largest, new[] { 128, 64 })]
    [InlineData(MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes64, CompletionSplitting.Largest, new[] { 192 })]
    [InlineData(MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes64, CompletionSplitting.AtEveryBoundary, new[] { 64, 64, 64 })]
    [InlineData(MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes128, CompletionSplitting.AtEveryBoundary, new[] { 128, 64 })]
    public void AlignedMemoryReadSplitsAsTheSpecExamplesShow(MaxPayloadSize mps, ReadCompletionBoundary rcb, CompletionSplitting splitting, int[] expectedSizes)
    {
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 1, address: 0x10000, byteCount: 0xC0);

        List<CompletionChunk> chunks = Split(request, mps, rcb, splitting);

        Assert.Equal(expectedSizes, chunks.Select(c => c.DataBytes));
    }

    [Fact]
    public void ByteCountCountsDownAndLowerAddressFollowsEachCompletion()
    {
        // 10020h, 256 bytes, RCB 128, MPS 128: 96 bytes at 10020h, 128 at 10080h, 32 at 10100h.
        // Byte Count 256 → 160 → 32; Lower Address = address[6:0]: 20h, 00h (10080h & 7Fh), 00h (10100h & 7Fh).
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 1, address: 0x10020, byteCount: 0x100);

        List<CompletionChunk> chunks = Split(request, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128, CompletionSplitting.Largest);

        Assert.Equal(new[] { 256, 160, 32 }, chunks.Select(c => c.ByteCount));
        Assert.Equal(new byte[] { 0x20, 0x00, 0x00 }, chunks.Select(c => c.LowerAddress));
        Assert.Equal(new ushort[] { 24, 32, 8 }, chunks.Select(c => c.Length));
        Assert.Equal(new[] { false, false, true }, chunks.Select(c => c.IsFinal));
        Assert.Equal(new[] { 0, 96, 224 }, chunks.Select(c => c.DataOffset));
    }

    [Fact]
    public void LowerAddressBit6TogglesForRootComplexCompletionsAtRcb64()
    {
        // §2.3.1.1: "the least significant 6 bits of the Lower Address field will always be zero and the most
        // significant bit ... will toggle according to the alignment of the 64-byte data payload".
        // 10020h (LA 20h), 10040h (LA 40h), 10080h (00h), 100C0h (40h), 10100h (00h).
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 1, address: 0x10020, byteCount: 0x100);

        List<CompletionChunk> chunks = Split(request, MaxPayloadSize.Bytes512, ReadCompletionBoundary.Bytes64, CompletionSplitting.AtEveryBoundary);

        Assert.Equal(new byte[] { 0x20, 0x40, 0x00, 0x40, 0x00 }, chunks.Select(c => c.LowerAddress));
    }

    [Fact]
    public void ByteEnablesSetByteCountLowerAddressAndPayloadOffset()
    {
        // Figure 2-92: 10 bytes at 1003h → Length 4 DW, First DW BE 1000b, Last DW BE 0001b, "Byte Count = 10".
        // Lower Address = 03h (Table 2-38: First DW BE 1000b → Lower Address[1:0] = 11b); data starts at payload byte 3.
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 1, address: 0x1003, byteCount: 10);

        CompletionChunk only = Assert.Single(Split(request, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes64, CompletionSplitting.Largest));

        Assert.Equal(new CompletionChunk
        {
            Length = 4,
            ByteCount = 10,
            LowerAddress = 0x03,
            Address = 0x1003,
            DataOffset = 0,
            DataBytes = 10,
            PayloadOffset = 3,
            IsFinal = true,
        }, only);
    }

    [Fact]
    public void ZeroLengthReadIsAnsweredWithOneDwordAndByteCountOne()
    {
        // §2.2.5 zero-length read: Length 1, First DW BE 0000b. Table 2-37: Byte Count 1; Table 2-38: Lower Address[1:0] 00b.
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 1, address: 0x12344, byteCount: 0);
        var splitter = new CompletionSplitter(request, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128);

        CompletionChunk only = Assert.Single(Split(request, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128, CompletionSplitting.Largest));

        Assert.Equal(0, splitter.DataBytes);
        Assert.Equal((ushort)1, only.Length);
        Assert.Equal(1, only.ByteCount);
        Assert.Equal(0x44, only.LowerAddress);
        Assert.Equal(0, only.DataBytes);
    }

    [Fact]
    public void ConfigurationReadGetsOneCompletionWithByteCountFourAndLowerAddressZero()
    {
        // CfgRd of 2 bytes at offset 06h (Status register): First DW BE 1100b. §2.2.9: Byte Count 4, Lower Address 0.
        TlpHeader request = TlpHeader.ConfigRead(s_requester, tag: 2, destination: s_completer, offset: 0x06, byteCount: 2);

        CompletionChunk only = Assert.Single(Split(request, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128, CompletionSplitting.Largest));

        Assert.Equal((ushort)1, only.Length);
        Assert.Equal(4, only.ByteCount);
        Assert.Equal(0, only.LowerAddress);
        Assert.Equal(2, only.DataBytes);
        Assert.Equal(2, only.PayloadOffset);
    }

    [Fact]
    public void IoReadGetsOneCompletionWithByteCountFour()
    {
        // IORd of 1 byte at 3F9h: First DW BE 0010b → data at payload byte 1.
        TlpHeader request = TlpHeader.IoRead(s_requester, tag: 3, address: 0x3F9, byteCount: 1);

        CompletionChunk only = Assert.Single(Split(request, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128, CompletionSplitting.Largest));

        Assert.Equal(4, only.ByteCount);
        Assert.Equal(0, only.LowerAddress);
        Assert.Equal(1, only.DataBytes);
        Assert.Equal(1, only.PayloadOffset);
    }

    [Fact]
    public void WriteCompletionsSendsDwordAlignedPayloadsWithZeroPadding()
    {
        // 6 bytes at 2002h with RCB 64 / every boundary: one completion, Length 2 (bytes 2000h-2007h),
        // payload = 00 00 | A0 A1 A2 A3 A4 A5.
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 4, address: 0x2002, byteCount: 6);
        byte[] data = [0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5];
        var sink = new RecordingReceiver();

        int sent = CompletionSplitter.WriteCompletions(request, s_completer, data, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes64, sink);

        Assert.Equal(1, sent);
        (TlpHeader completion, byte[] payload) = Assert.Single(sink.Received);
        Assert.Equal(TlpKind.CompletionWithData, completion.Kind);
        Assert.Equal(s_completer, completion.CompleterId);
        Assert.Equal(s_requester, completion.RequesterId);
        Assert.Equal((ushort)4, completion.Tag);
        Assert.Equal(6, completion.ByteCount);
        Assert.Equal(0x02, completion.LowerAddress);
        Assert.Equal(new byte[] { 0x00, 0x00, 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5 }, payload);
    }

    [Fact]
    public void WriteCompletionsSplitsAtTheBoundaryAndEveryTlpIsWellFormed()
    {
        // 200 bytes at 0F30h, MPS 128, RCB 128: the first completion ends at the RCB boundary 0F80h (80 bytes,
        // 20 DW); the remaining 120 bytes (0F80h-0FF7h, 30 DW) fit in MPS.
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 5, address: 0x0F30, byteCount: 200);
        byte[] data = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        var sink = new RecordingReceiver();

        CompletionSplitter.WriteCompletions(request, s_completer, data, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128, sink);

        Assert.Equal(2, sink.Received.Count);
        Assert.Equal(data[..80], sink.Received[0].Payload);
        Assert.Equal(data[80..], sink.Received[1].Payload);
        foreach ((TlpHeader header, byte[] payload) in sink.Received)
        {
            TlpCodec.Validate(header);
            Assert.Equal(header.PayloadSize, payload.Length);
        }
    }

    [Fact]
    public void LockedReadIsAnsweredWithCompletionLockedWithData()
    {
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 6, address: 0x3000, byteCount: 4) with { Kind = TlpKind.MemoryReadLocked };
        var sink = new RecordingReceiver();

        CompletionSplitter.WriteCompletions(request, s_completer, new byte[4], MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128, sink);

        Assert.Equal(TlpKind.CompletionLockedWithData, Assert.Single(sink.Received).Header.Kind);
    }

    [Fact]
    public void WriteCompletionsRejectsDataOfTheWrongSize()
    {
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 7, address: 0x3000, byteCount: 8);

        Assert.Throws<ArgumentException>(() =>
            CompletionSplitter.WriteCompletions(request, s_completer, new byte[7], MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128, new RecordingReceiver()));
    }

    [Fact]
    public void WriteCompletionsAllocatesNothing()
    {
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 8, address: 0x4003, byteCount: 1000);
        byte[] data = new byte[1000];
        var sink = new CountingReceiver();
        CompletionSplitter.WriteCompletions(request, s_completer, data, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes64, sink);

        long before = GC.GetAllocatedBytesForCurrentThread();
        CompletionSplitter.WriteCompletions(request, s_completer, data, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes64, sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void SplitterRejectsRequestsThatAreNotReads()
    {
        TlpHeader write = TlpHeader.MemoryWrite(s_requester, tag: 0, address: 0x1000, byteCount: 4);
        TlpHeader configWrite = TlpHeader.ConfigWrite(s_requester, tag: 0, destination: s_completer, offset: 0x10, byteCount: 4);

        Assert.Throws<ArgumentException>(() => new CompletionSplitter(write, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128));
        Assert.Throws<ArgumentException>(() => new CompletionSplitter(configWrite, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128));
    }

    [Fact]
    public void SplitterRejectsMalformedByteEnables()
    {
        // §2.2.5: a request longer than 1 DW must not have First DW BE 0000b.
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 0, address: 0x1000, byteCount: 8) with { FirstDwByteEnables = 0 };

        Assert.Throws<ArgumentException>(() => new CompletionSplitter(request, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128));
    }

    internal static List<CompletionChunk> Split(in TlpHeader request, MaxPayloadSize mps, ReadCompletionBoundary rcb, CompletionSplitting splitting)
    {
        var chunks = new List<CompletionChunk>();
        foreach (CompletionChunk chunk in new CompletionSplitter(request, mps, rcb, splitting))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    private sealed class CountingReceiver : ITlpReceiver
    {
        public int Count { get; private set; }

        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload) => Count++;
    }
}
