using Cosim.Models.Nvme.Commands;
using Cosim.Models.Nvme.Prp;

namespace Cosim.Models.Nvme.Tests.Prp;

public sealed class PrpListTests
{
    private const int Page = 4096;
    private readonly FakeHostMemory _memory = new();

    [Theory]
    [InlineData(0x1000ul, 512, 0x1000ul, 512)]      // inside one page
    [InlineData(0x1F00ul, 256, 0x1F00ul, 256)]      // to the page's last byte
    [InlineData(0x1004ul, 4092, 0x1004ul, 4092)]    // dword offset, rest of the page
    public async Task ATransferInsideThePageOfPrp1IsOneSegmentAndIgnoresPrp2(ulong prp1, int length, ulong address, int segmentLength)
    {
        using PrpList list = await PrpList.ResolveAsync(_memory, prp1, 0xDEAD_BEEF, length, Page, default);

        Assert.Equal(NvmeStatus.Success, list.Status);
        Assert.Equal([new DataSegment(address, segmentLength)], list.Segments.ToArray());
        Assert.Empty(_memory.Reads);
    }

    [Fact]
    public async Task ATransferThatCrossesOneBoundaryUsesPrp2AsADataPointer()
    {
        using PrpList list = await PrpList.ResolveAsync(_memory, 0x1800, 0x9000, 4096, Page, default);

        // 0x1800-0x1FFF (2 KiB) then 0x9000-0x97FF (2 KiB).
        Assert.Equal([new DataSegment(0x1800, 2048), new DataSegment(0x9000, 2048)], list.Segments.ToArray());
    }

    [Fact]
    public async Task AdjacentPagesMergeIntoOneSegment()
    {
        using PrpList list = await PrpList.ResolveAsync(_memory, 0x1000, 0x2000, 8192, Page, default);

        Assert.Equal([new DataSegment(0x1000, 8192)], list.Segments.ToArray());
    }

    [Fact]
    public async Task APrpListIsReadOnlyAsFarAsTheTransferNeeds()
    {
        _memory.StoreQword(0x50_0000, 0x10_0000);
        _memory.StoreQword(0x50_0008, 0x20_0000);

        // 0x3000-0x3FFF, then two list entries: 4 KiB and 1 KiB.
        using PrpList list = await PrpList.ResolveAsync(_memory, 0x3000, 0x50_0000, 9216, Page, default);

        Assert.Equal([new DataSegment(0x3000, 4096), new DataSegment(0x10_0000, 4096), new DataSegment(0x20_0000, 1024)], list.Segments.ToArray());
        Assert.Equal([(0x50_0000ul, 16)], _memory.Reads);
    }

    [Fact]
    public async Task AListThatRunsOutOfItsPageChainsThroughItsLastEntry()
    {
        // The list starts 16 bytes before the end of its page: one data entry, then the pointer to the next list.
        _memory.StoreQword(0x50_0FF0, 0x10_0000);
        _memory.StoreQword(0x50_0FF8, 0x60_0000);
        _memory.StoreQword(0x60_0000, 0x30_0000);
        _memory.StoreQword(0x60_0008, 0x40_0000);

        using PrpList list = await PrpList.ResolveAsync(_memory, 0x1000, 0x50_0FF0, 4 * 4096, Page, default);

        Assert.Equal(NvmeStatus.Success, list.Status);
        Assert.Equal(
            [new DataSegment(0x1000, 4096), new DataSegment(0x10_0000, 4096), new DataSegment(0x30_0000, 4096), new DataSegment(0x40_0000, 4096)],
            list.Segments.ToArray());
        Assert.Equal([(0x50_0FF0ul, 16), (0x60_0000ul, 16)], _memory.Reads);
    }

    [Fact]
    public async Task AListThatExactlyFillsItsPageDoesNotChain()
    {
        // Two entries fit in the last 16 bytes, and exactly two more pages are needed: both are data.
        _memory.StoreQword(0x50_0FF0, 0x10_0000);
        _memory.StoreQword(0x50_0FF8, 0x20_0000);

        using PrpList list = await PrpList.ResolveAsync(_memory, 0x1000, 0x50_0FF0, 3 * 4096, Page, default);

        Assert.Equal([new DataSegment(0x1000, 4096), new DataSegment(0x10_0000, 4096), new DataSegment(0x20_0000, 4096)], list.Segments.ToArray());
    }

    [Fact]
    public async Task AnEightKiBMemoryPageHoldsEightKiBPerEntry()
    {
        _memory.StoreQword(0x50_0000, 0x10_0000);

        using PrpList list = await PrpList.ResolveAsync(_memory, 0x2000, 0x50_0000, 3 * 8192, 8192, default);

        Assert.Equal([new DataSegment(0x2000, 8192), new DataSegment(0x10_0000, 8192), new DataSegment(0, 8192)], list.Segments.ToArray());
    }

    [Theory]
    [InlineData(0x1002ul, 0x2000ul, 1024)]     // PRP1 not dword aligned
    [InlineData(0x1000ul, 0x2010ul, 8192)]     // PRP2 data pointer with an offset
    [InlineData(0x1000ul, 0x50_0004ul, 12288)] // list pointer not qword aligned
    public async Task MisalignedEntriesArePrpOffsetInvalid(ulong prp1, ulong prp2, int length)
    {
        using PrpList list = await PrpList.ResolveAsync(_memory, prp1, prp2, length, Page, default);

        Assert.Equal(NvmeStatus.InvalidPrpOffset, list.Status);
        Assert.Empty(list.Segments.ToArray());
    }

    [Fact]
    public async Task AListEntryWithAnOffsetIsPrpOffsetInvalid()
    {
        _memory.StoreQword(0x50_0000, 0x10_0000);
        _memory.StoreQword(0x50_0008, 0x20_0200);

        using PrpList list = await PrpList.ResolveAsync(_memory, 0x1000, 0x50_0000, 3 * 4096, Page, default);

        Assert.Equal(NvmeStatus.InvalidPrpOffset, list.Status);
    }

    [Fact]
    public async Task AListThatCannotBeReadIsDataTransferError()
    {
        _memory.FailReads(0x50_0000, 4096);

        using PrpList list = await PrpList.ResolveAsync(_memory, 0x1000, 0x50_0000, 3 * 4096, Page, default);

        Assert.Equal(NvmeStatus.DataTransferError, list.Status);
    }

    [Fact]
    public async Task DataMovesSegmentBySegmentInBufferOrder()
    {
        using PrpList list = await PrpList.ResolveAsync(_memory, 0x1F00, 0x8000, 512, Page, default);
        byte[] data = [.. Enumerable.Range(0, 512).Select(i => (byte)i)];

        NvmeStatus written = await list.WriteToHostAsync(_memory, data);
        var back = new byte[512];
        NvmeStatus read = await list.ReadFromHostAsync(_memory, back, default);

        Assert.Equal(NvmeStatus.Success, written);
        Assert.Equal(NvmeStatus.Success, read);
        Assert.Equal([(0x1F00ul, 256), (0x8000ul, 256)], _memory.Writes.Select(w => (w.Address, w.Data.Length)).ToArray());
        Assert.Equal(data, back);
    }

    [Fact]
    public async Task AFailedSegmentReadIsDataTransferError()
    {
        _memory.FailReads(0x8000, 4096);
        using PrpList list = await PrpList.ResolveAsync(_memory, 0x1F00, 0x8000, 512, Page, default);

        Assert.Equal(NvmeStatus.DataTransferError, await list.ReadFromHostAsync(_memory, new byte[512], default));
    }
}
