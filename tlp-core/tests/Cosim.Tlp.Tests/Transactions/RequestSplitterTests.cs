using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Tests.Transactions;

public sealed class RequestSplitterTests
{
    private static readonly PcieId s_requester = PcieId.From(0x01, 0, 0);

    public static TheoryData<int> Limits => [128, 256, 512, 1024, 2048, 4096];

    [Fact]
    public void TransferIsCutAtMultiplesOfTheLimitAndAt4KiB()
    {
        // 300 bytes at 0FF2h, limit 128: 14 bytes to 1000h (which is also the 4 KiB boundary), then 128, 128, 30.
        // First: bytes 0FF2h-0FFFh → DW 0FF0h-0FFCh, Length 4, First DW BE 1100b, Last DW BE 1111b.
        // Last: 30 bytes at 1100h → Length 8, First DW BE 1111b, Last DW BE 0011b (1100h + 30 = 111Eh).
        var splitter = new RequestSplitter(0x0FF2, 300, 128);

        List<RequestChunk> chunks = Collect(splitter);

        Assert.Equal(
            new[]
            {
                new RequestChunk(0x0FF2, 14, 0, 4, 0b1100, 0b1111),
                new RequestChunk(0x1000, 128, 14, 32, 0b1111, 0b1111),
                new RequestChunk(0x1080, 128, 142, 32, 0b1111, 0b1111),
                new RequestChunk(0x1100, 30, 270, 8, 0b1111, 0b0011),
            },
            chunks);
    }

    [Fact]
    public void ZeroByteTransferYieldsNoRequest()
    {
        var splitter = new RequestSplitter(0x1000, 0, 128);

        Assert.False(splitter.TryGetNext(out _));
        Assert.Equal(0, splitter.RemainingBytes);
    }

    [Fact]
    public void SingleByteGetsOneDwordWithOneByteEnabled()
    {
        // Byte 3 of DW 1000h: First DW BE 1000b, Last DW BE 0000b (1 DW request).
        RequestChunk only = Assert.Single(Collect(new RequestSplitter(0x1003, 1, 4096)));

        Assert.Equal(new RequestChunk(0x1003, 1, 0, 1, 0b1000, 0b0000), only);
    }

    [Fact]
    public void TransferEndingAtTheTopOf64BitSpaceIsSplit()
    {
        // The last 4 KiB of the address space in 512-byte reads: 8 requests, all with 4 DW headers.
        const ulong LastPage = 0xFFFF_FFFF_FFFF_F000;

        List<RequestChunk> chunks = Collect(RequestSplitter.ForReads(LastPage, 4096, MaxReadRequestSize.Bytes512));

        Assert.Equal(8, chunks.Count);
        Assert.Equal(0xFFFF_FFFF_FFFF_FE00, chunks[^1].Address);
        Assert.All(chunks, c => Assert.True(c.ToMemoryRead(s_requester, tag: 0).FourDwHeader));
    }

    [Fact]
    public void TransferPastTheTopOf64BitSpaceIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestSplitter(ulong.MaxValue, 2, 128));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(100)]
    [InlineData(8192)]
    public void LimitThatIsNotAPowerOfTwoFrom4To4096IsRejected(int limit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestSplitter(0, 16, limit));
    }

    [Fact]
    public void NegativeByteCountIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestSplitter(0, -1, 128));
    }

    [Fact]
    public void CopyPayloadTakesTheChunksSliceOfTheTransfer()
    {
        // 6 bytes at 0FFEh with limit 4: chunk 1 = 0FFEh-0FFFh (transfer bytes 0-1, payload 00 00 | 11 22),
        // chunk 2 = 1000h-1003h (transfer bytes 2-5, payload 33 44 55 66).
        byte[] transfer = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66];
        List<RequestChunk> chunks = Collect(new RequestSplitter(0x0FFE, 6, 4));
        byte[] first = new byte[4];
        byte[] second = new byte[4];

        chunks[0].CopyPayload(transfer, first);
        chunks[1].CopyPayload(transfer, second);

        Assert.Equal(new byte[] { 0x00, 0x00, 0x11, 0x22 }, first);
        Assert.Equal(new byte[] { 0x33, 0x44, 0x55, 0x66 }, second);
    }

    [Fact]
    public void WritesAreLimitedByMaxPayloadSize()
    {
        List<RequestChunk> chunks = Collect(RequestSplitter.ForWrites(0x10000, 1024, MaxPayloadSize.Bytes256));

        Assert.Equal(new[] { 256, 256, 256, 256 }, chunks.Select(c => c.ByteCount));
    }

    [Fact]
    public void CopyPayloadPlacesTheBytesAtTheirOffsetInTheFirstDword()
    {
        // 3 bytes at 0FFDh: one chunk, Length 1, First DW BE 1110b, payload = 00 | 11 22 33.
        byte[] transfer = [0x11, 0x22, 0x33];
        RequestChunk only = Assert.Single(Collect(new RequestSplitter(0x0FFD, 3, 4096)));
        byte[] payload = new byte[only.PayloadBytes];

        only.CopyPayload(transfer, payload);

        Assert.Equal(new byte[] { 0x00, 0x11, 0x22, 0x33 }, payload);
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public void BoundarySweepCoversEveryByteOnceWithinLimitsAndPages(int limit)
    {
        // cocotbext-style sweep: lengths 1..31 and 1024 at offsets 0..7 and 4088..4095 of a page above 4 GiB.
        const ulong Page = 0x1_2345_6000;
        int[] lengths = [.. Enumerable.Range(1, 31), 1024];
        int[] offsets = [.. Enumerable.Range(0, 8), .. Enumerable.Range(4088, 8)];
        foreach (int offset in offsets)
        {
            foreach (int length in lengths)
            {
                ulong address = Page + (ulong)offset;
                List<RequestChunk> chunks = Collect(new RequestSplitter(address, length, limit));

                RequestSplitterInvariants.Check(address, length, limit, chunks);
            }
        }
    }

    internal static List<RequestChunk> Collect(RequestSplitter splitter)
    {
        var chunks = new List<RequestChunk>();
        foreach (RequestChunk chunk in splitter)
        {
            chunks.Add(chunk);
        }

        return chunks;
    }
}
