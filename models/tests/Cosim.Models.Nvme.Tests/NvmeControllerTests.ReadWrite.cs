using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

public sealed partial class NvmeControllerTests
{
    // Transfers that need PRP1 only, PRP1 + PRP2, or a PRP list, with and without an offset into the first page.
    [Theory]
    [InlineData(1, 0)]      // 512 bytes: PRP1
    [InlineData(8, 0)]      // 4 KiB, page aligned: PRP1
    [InlineData(8, 0x200)]  // 4 KiB from offset 200h: crosses into a second page, PRP2 is a data pointer
    [InlineData(16, 0)]     // 8 KiB: PRP1 + PRP2
    [InlineData(17, 0)]     // 8.5 KiB: three pages, PRP2 points to a list
    [InlineData(64, 0xE00)] // 32 KiB from offset E00h: nine pages
    [InlineData(256, 0)]    // 128 KiB: a 31-entry list
    public async Task WrittenDataReadsBackThroughEveryPrpLayout(int blocks, int offset)
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] data = Pattern(blocks * 512, seed: blocks + offset);

        Completion write = await driver.WriteAsync(1, 100, data, offset: offset);
        (Completion read, byte[] back) = await driver.ReadAsync(1, 100, blocks, offset: (offset + 0x400) % 4096);

        AssertStatus(NvmeStatus.Success, write);
        AssertStatus(NvmeStatus.Success, read);
        Assert.Equal(data, back);
        Assert.Equal(data, _namespace.ReadFile(100 * 512, data.Length));
    }

    [Fact]
    public async Task APrpListThatStartsNearTheEndOfItsPageChainsToTheNextList()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] data = Pattern(6 * 4096, seed: 11);

        // The list starts 16 bytes before the page end: room for one data entry and the pointer to the next list.
        Completion write = await driver.WriteAsync(1, 0, data, listOffset: 4096 - 16);
        (Completion read, byte[] back) = await driver.ReadAsync(1, 0, data.Length / 512, listOffset: 4096 - 24);

        AssertStatus(NvmeStatus.Success, write);
        AssertStatus(NvmeStatus.Success, read);
        Assert.Equal(data, back);
    }

    [Fact]
    public async Task ATransferOfTheMaximumSizeChainsPrpListsAsLinuxBuildsThem()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] data = Pattern(4 << 20, seed: 12); // MDTS: 1024 pages, 1023 list entries over two list pages

        Completion write = await driver.WriteAsync(1, 2048, data);
        (Completion read, byte[] back) = await driver.ReadAsync(1, 2048, data.Length / 512);

        AssertStatus(NvmeStatus.Success, write);
        AssertStatus(NvmeStatus.Success, read);
        Assert.Equal(data, back);
    }

    [Fact]
    public async Task ATransferLargerThanMdtsIsInvalidField()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        HostBuffer buffer = driver.AllocateBuffer(4096);

        // NLB 0's based: 8193 blocks of 512 bytes are just over 4 MiB.
        Completion completion = await driver.IoAsync(1, new NvmeCommand(0x02, 1, buffer.Address, 0, 0, 0, 8192));

        AssertStatus(NvmeStatus.InvalidFieldInCommand, completion);
    }

    [Theory]
    [InlineData(0x02)]
    [InlineData(0x01)]
    public async Task ARangePastTheEndOfTheNamespaceIsLbaOutOfRange(byte opcode)
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        HostBuffer buffer = driver.AllocateBuffer(1024);
        ulong lastBlock = (TestNamespace.DefaultSize / 512) - 1;

        Completion twoAtTheEnd = await driver.IoAsync(1, driver.ReadWriteCommand(opcode, lastBlock, 2, buffer));
        Completion beyond = await driver.IoAsync(1, driver.ReadWriteCommand(opcode, ulong.MaxValue, 1, buffer));
        Completion lastOne = await driver.IoAsync(1, driver.ReadWriteCommand(opcode, lastBlock, 1, buffer));

        AssertStatus(NvmeStatus.LbaOutOfRange, twoAtTheEnd);
        AssertStatus(NvmeStatus.LbaOutOfRange, beyond);
        AssertStatus(NvmeStatus.Success, lastOne);
    }

    [Fact]
    public async Task APrp2DataPointerWithAnOffsetIsInvalidPrpOffset()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        HostBuffer buffer = driver.AllocateBuffer(8192);

        Completion completion = await driver.IoAsync(1, new NvmeCommand(0x02, 1, buffer.Pages[0], buffer.Pages[1] + 0x200, 0, 0, 15));

        AssertStatus(NvmeStatus.InvalidPrpOffset, completion);
    }

    [Fact]
    public async Task APrp1ThatIsNotDwordAlignedIsInvalidPrpOffset()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        HostBuffer buffer = driver.AllocateBuffer(512);

        AssertStatus(NvmeStatus.InvalidPrpOffset, await driver.IoAsync(1, new NvmeCommand(0x02, 1, buffer.Address + 2, 0, 0, 0, 0)));
    }

    [Fact]
    public async Task APrpListEntryWithAnOffsetIsInvalidPrpOffset()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        HostBuffer buffer = driver.AllocateBuffer(3 * 4096);
        ulong list = driver.AllocateContiguous(4096);
        driver.Host.WriteHostMemory(list, BitConverter.GetBytes(buffer.Pages[1]));
        driver.Host.WriteHostMemory(list + 8, BitConverter.GetBytes(buffer.Pages[2] + 0x80));

        Completion completion = await driver.IoAsync(1, new NvmeCommand(0x02, 1, buffer.Pages[0], list, 0, 0, 23));

        AssertStatus(NvmeStatus.InvalidPrpOffset, completion);
    }

    [Fact]
    public async Task APrpListPointerThatIsNotQwordAlignedIsInvalidPrpOffset()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        HostBuffer buffer = driver.AllocateBuffer(3 * 4096);

        Completion completion = await driver.IoAsync(1, new NvmeCommand(0x02, 1, buffer.Pages[0], driver.AllocateContiguous(4096) + 4, 0, 0, 23));

        AssertStatus(NvmeStatus.InvalidPrpOffset, completion);
    }

    [Fact]
    public async Task AWriteFromHostMemoryThatCannotBeReadIsDataTransferErrorAndChangesNothing()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] before = _namespace.ReadFile(0, 4096);
        HostBuffer buffer = driver.AllocateBuffer(4096);
        driver.Host.MarkUnmapped(buffer.Address, 4096);

        Completion completion = await driver.IoAsync(1, driver.ReadWriteCommand(0x01, 0, 8, buffer));

        AssertStatus(NvmeStatus.DataTransferError, completion);
        Assert.False(completion.DoNotRetry);
        Assert.Equal(before, _namespace.ReadFile(0, 4096));
    }

    [Fact]
    public async Task APrpListThatCannotBeReadIsDataTransferError()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        HostBuffer buffer = driver.AllocateBuffer(3 * 4096);
        ulong list = driver.AllocateContiguous(4096);
        driver.Host.MarkUnmapped(list, 4096);

        AssertStatus(NvmeStatus.DataTransferError, await driver.IoAsync(1, new NvmeCommand(0x02, 1, buffer.Pages[0], list, 0, 0, 23)));
    }

    [Fact]
    public async Task ManyCommandsInFlightAllCompleteWithTheirOwnData()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        var writes = new List<(ushort Id, ulong Lba, byte[] Data)>();
        for (int i = 0; i < 32; i++)
        {
            byte[] data = Pattern(4096, seed: 100 + i);
            HostBuffer buffer = driver.AllocateBuffer(4096);
            buffer.Fill(data);
            ulong lba = (ulong)(i * 8);
            writes.Add((driver.Submit(1, driver.ReadWriteCommand(0x01, lba, 8, buffer), ring: false), lba, data));
        }

        driver.RingSubmissionDoorbell(1);
        foreach ((ushort id, _, _) in writes)
        {
            AssertStatus(NvmeStatus.Success, await driver.WaitForCompletionAsync(1, id));
        }

        foreach ((_, ulong lba, byte[] data) in writes)
        {
            (_, byte[] back) = await driver.ReadAsync(1, lba, 8);
            Assert.Equal(data, back);
        }
    }

    [Fact]
    public async Task EveryIoQueueWorksAtTheSameTime()
    {
        NvmeTestDriver driver = await StartAsync(ioQueues: 4);
        for (int queue = 1; queue <= 4; queue++)
        {
            await driver.CreateIoQueuePairAsync(queue);
        }

        Task<Completion>[] writes = [.. Enumerable.Range(1, 4).Select(queue => driver.WriteAsync(queue, (ulong)(queue * 64), Pattern(8192, queue)))];
        Completion[] completions = await Task.WhenAll(writes);

        Assert.All(completions, completion => Assert.Equal(NvmeStatus.Success, completion.Status));
        for (int queue = 1; queue <= 4; queue++)
        {
            Assert.Equal(Pattern(8192, queue), _namespace.ReadFile(queue * 64 * 512, 8192));
        }
    }

    [Fact]
    public async Task DataPersistsAcrossANewControllerOnTheSameFile()
    {
        NvmeTestDriver first = await StartWithIoQueueAsync();
        byte[] data = Pattern(64 * 1024, seed: 21);
        AssertStatus(NvmeStatus.Success, await first.WriteAsync(1, 777, data));
        Release(first.Controller);

        NvmeTestDriver second = await StartWithIoQueueAsync();
        (Completion read, byte[] back) = await second.ReadAsync(1, 777, data.Length / 512);

        AssertStatus(NvmeStatus.Success, read);
        Assert.Equal(data, back);
    }

    [Fact]
    public async Task BlocksNeverWrittenReadAsZeros()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        (Completion read, byte[] back) = await driver.ReadAsync(1, 5000, 16);

        AssertStatus(NvmeStatus.Success, read);
        Assert.Equal(new byte[16 * 512], back);
    }

    [Theory]
    [InlineData(1u)]           // NSID 1
    [InlineData(0xFFFF_FFFFu)] // broadcast (VWC bits 2:1 = 11b)
    public async Task FlushSucceeds(uint namespaceId)
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        await driver.WriteAsync(1, 0, Pattern(4096, 1));

        AssertStatus(NvmeStatus.Success, await driver.IoAsync(1, new NvmeCommand(0x00, namespaceId)));
    }

    [Fact]
    public async Task AForceUnitAccessWriteIsInTheFileWhenItCompletes()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] data = Pattern(1024, seed: 5);

        AssertStatus(NvmeStatus.Success, await driver.WriteAsync(1, 3, data, forceUnitAccess: true));

        Assert.Equal(data, _namespace.ReadFile(3 * 512, 1024));
    }

    [Fact]
    public async Task WritesWithTheVolatileWriteCacheDisabledStillComplete()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        await driver.SetFeatureAsync(0x06, 0);
        byte[] data = Pattern(2048, seed: 6);

        AssertStatus(NvmeStatus.Success, await driver.WriteAsync(1, 9, data));

        Assert.Equal(data, _namespace.ReadFile(9 * 512, 2048));
    }

    [Fact]
    public async Task WriteZeroesZeroesTheRangeAndNothingElse()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] data = Pattern(16 * 512, seed: 8);
        await driver.WriteAsync(1, 0, data);

        Completion zeroes = await driver.IoAsync(1, new NvmeCommand(0x08, 1, Dword10: 4, Dword12: 7)); // LBA 4-11
        (_, byte[] back) = await driver.ReadAsync(1, 0, 16);

        AssertStatus(NvmeStatus.Success, zeroes);
        Assert.Equal(data.AsSpan(0, 4 * 512).ToArray(), back.AsSpan(0, 4 * 512).ToArray());
        Assert.Equal(new byte[8 * 512], back.AsSpan(4 * 512, 8 * 512).ToArray());
        Assert.Equal(data.AsSpan(12 * 512).ToArray(), back.AsSpan(12 * 512).ToArray());
    }

    [Fact]
    public async Task WriteZeroesIsNotLimitedByMdts()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        AssertStatus(NvmeStatus.Success, await driver.IoAsync(1, new NvmeCommand(0x08, 1, Dword12: 12287))); // 12288 blocks: 6 MiB > MDTS 4 MiB
    }

    [Fact]
    public async Task WriteZeroesPastTheEndIsLbaOutOfRange()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        ulong lastBlock = (TestNamespace.DefaultSize / 512) - 1;

        AssertStatus(NvmeStatus.LbaOutOfRange, await driver.IoAsync(1, new NvmeCommand(0x08, 1, Dword10: (uint)lastBlock, Dword12: 1)));
    }

    [Fact]
    public async Task DatasetManagementDeallocateMakesEveryRangeReadZeros()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] data = Pattern(64 * 512, seed: 9);
        await driver.WriteAsync(1, 0, data);
        HostBuffer ranges = driver.AllocateBuffer(32);
        ranges.Fill(Range(startingLba: 8, blocks: 8).Concat(Range(startingLba: 40, blocks: 16)).ToArray());

        Completion completion = await driver.IoAsync(1, new NvmeCommand(0x09, 1, ranges.Address, Dword10: 1, Dword11: 1u << 2)); // NR 1 (two ranges), AD
        (_, byte[] back) = await driver.ReadAsync(1, 0, 64);

        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(data.AsSpan(0, 8 * 512).ToArray(), back.AsSpan(0, 8 * 512).ToArray());
        Assert.Equal(new byte[8 * 512], back.AsSpan(8 * 512, 8 * 512).ToArray());
        Assert.Equal(data.AsSpan(16 * 512, 24 * 512).ToArray(), back.AsSpan(16 * 512, 24 * 512).ToArray());
        Assert.Equal(new byte[16 * 512], back.AsSpan(40 * 512, 16 * 512).ToArray());
        Assert.Equal(data.AsSpan(56 * 512).ToArray(), back.AsSpan(56 * 512).ToArray());
    }

    [Fact]
    public async Task DatasetManagementWithoutDeallocateChangesNothing()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] data = Pattern(8 * 512, seed: 10);
        await driver.WriteAsync(1, 0, data);
        HostBuffer ranges = driver.AllocateBuffer(16);
        ranges.Fill(Range(0, 8));

        AssertStatus(NvmeStatus.Success, await driver.IoAsync(1, new NvmeCommand(0x09, 1, ranges.Address, Dword11: 0b11))); // IDW, IDR hints
        (_, byte[] back) = await driver.ReadAsync(1, 0, 8);

        Assert.Equal(data, back);
    }

    [Fact]
    public async Task DatasetManagementWithOneRangePastTheEndDeallocatesNothing()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] data = Pattern(8 * 512, seed: 13);
        await driver.WriteAsync(1, 0, data);
        HostBuffer ranges = driver.AllocateBuffer(32);
        ranges.Fill(Range(0, 8).Concat(Range(TestNamespace.DefaultSize / 512, 1)).ToArray());

        Completion completion = await driver.IoAsync(1, new NvmeCommand(0x09, 1, ranges.Address, Dword10: 1, Dword11: 1u << 2));
        (_, byte[] back) = await driver.ReadAsync(1, 0, 8);

        AssertStatus(NvmeStatus.LbaOutOfRange, completion);
        Assert.Equal(data, back);
    }

    [Theory]
    [InlineData(0x04)] // Write Uncorrectable: not in ONCS
    [InlineData(0x05)] // Compare: not in ONCS
    [InlineData(0x0D)] // Reservation Register
    [InlineData(0x7F)]
    public async Task AnIoOpcodeTheControllerDoesNotImplementIsInvalidOpcode(byte opcode)
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        Completion completion = await driver.IoAsync(1, new NvmeCommand(opcode, 1));

        AssertStatus(NvmeStatus.InvalidCommandOpcode, completion);
        Assert.True(completion.DoNotRetry);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(2u)]
    [InlineData(0xFFFF_FFFFu)] // broadcast is for Flush only
    public async Task AReadOfANamespaceThatIsNotThereIsInvalidNamespaceOrFormat(uint namespaceId)
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        HostBuffer buffer = driver.AllocateBuffer(512);

        AssertStatus(NvmeStatus.InvalidNamespaceOrFormat, await driver.IoAsync(1, new NvmeCommand(0x02, namespaceId, buffer.Address)));
    }

    [Theory]
    [InlineData(1, 0)] // FUSE 01b: first command of a fused operation
    [InlineData(0, 1)] // PSDT 01b: SGL
    public async Task FusedOperationsAndSglsAreInvalidField(int fuse, int dataTransfer)
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        HostBuffer buffer = driver.AllocateBuffer(512);

        Completion io = await driver.IoAsync(1, new NvmeCommand(0x02, 1, buffer.Address, Fuse: fuse, DataTransfer: dataTransfer));
        Completion admin = await driver.AdminAsync(new NvmeCommand(0x06, 0, buffer.Address, Dword10: 1, Fuse: fuse, DataTransfer: dataTransfer));

        AssertStatus(NvmeStatus.InvalidFieldInCommand, io);
        AssertStatus(NvmeStatus.InvalidFieldInCommand, admin);
    }

    [Theory]
    [InlineData(0x03)] // reserved
    [InlineData(0x10)] // Firmware Commit: no firmware update
    [InlineData(0x18)] // Keep Alive: KAS is 0
    [InlineData(0x80)] // Format NVM: OACS bit 1 is 0
    public async Task AnAdminOpcodeTheControllerDoesNotImplementIsInvalidOpcode(byte opcode)
    {
        NvmeTestDriver driver = await StartAsync();

        AssertStatus(NvmeStatus.InvalidCommandOpcode, await driver.AdminAsync(new NvmeCommand(opcode)));
    }

    [Fact]
    public async Task A4KiBBlockNamespaceAddressesBlocksOf4KiB()
    {
        NvmeController controller = NvmeController.Create(_namespace.Options(blockSize: 4096));
        _controllers.Add(controller);
        var driver = new NvmeTestDriver(controller);
        await driver.InitializeAsync();
        await driver.CreateIoQueuePairAsync(1);
        byte[] data = Pattern(8192, seed: 14);
        HostBuffer buffer = driver.AllocateBuffer(8192);
        buffer.Fill(data);

        Completion write = await driver.IoAsync(1, driver.ReadWriteCommand(0x01, 3, 2, buffer));

        AssertStatus(NvmeStatus.Success, write);
        Assert.Equal(data, _namespace.ReadFile(3 * 4096, 8192));
        Assert.Equal(TestNamespace.DefaultSize / 4096, controller.BlockCount);
    }

    private static byte[] Range(ulong startingLba, uint blocks)
    {
        var range = new byte[16];
        BitConverter.TryWriteBytes(range.AsSpan(4), blocks);
        BitConverter.TryWriteBytes(range.AsSpan(8), startingLba);
        return range;
    }
}
