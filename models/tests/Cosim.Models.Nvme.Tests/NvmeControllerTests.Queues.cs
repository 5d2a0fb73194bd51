using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

public sealed partial class NvmeControllerTests
{
    [Fact]
    public async Task CreatingAnIoQueuePairAndUsingItSucceeds()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        Completion completion = await driver.IoAsync(1, new NvmeCommand(0x00, NamespaceId: 1)); // Flush

        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(1, completion.SubmissionQueueId);
    }

    [Theory]
    [InlineData(0)] // the admin queue's identifier
    [InlineData(5)] // above the 4 queues offered
    public async Task CreateCompletionQueueWithAnInvalidIdentifierIsInvalidQueueIdentifier(int id)
    {
        NvmeTestDriver driver = await StartAsync(ioQueues: 4);

        AssertStatus(NvmeStatus.InvalidQueueIdentifier, await driver.CreateIoCompletionQueueAsync(id, 16, 1));
    }

    [Fact]
    public async Task CreatingAQueueThatExistsIsInvalidQueueIdentifier()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        AssertStatus(NvmeStatus.InvalidQueueIdentifier, await driver.CreateIoCompletionQueueAsync(1, 16, 1));
        AssertStatus(NvmeStatus.InvalidQueueIdentifier, await driver.CreateIoSubmissionQueueAsync(1, 16, 1));
    }

    [Theory]
    [InlineData(1)]    // QSIZE 0
    [InlineData(1025)] // above CAP.MQES + 1
    public async Task CreateQueueWithAnInvalidSizeIsInvalidQueueSize(int entries)
    {
        NvmeTestDriver driver = await StartAsync();
        await driver.CreateIoCompletionQueueAsync(2, 16, 2);

        AssertStatus(NvmeStatus.InvalidQueueSize, await driver.CreateIoCompletionQueueAsync(1, entries, 1));
        AssertStatus(NvmeStatus.InvalidQueueSize, await driver.CreateIoSubmissionQueueAsync(1, entries, 2));
    }

    [Fact]
    public async Task CreateQueueWithoutPhysicallyContiguousIsInvalidField()
    {
        NvmeTestDriver driver = await StartAsync();
        await driver.CreateIoCompletionQueueAsync(2, 16, 2);

        AssertStatus(NvmeStatus.InvalidFieldInCommand, await driver.CreateIoCompletionQueueAsync(1, 16, 1, contiguous: false));
        AssertStatus(NvmeStatus.InvalidFieldInCommand, await driver.CreateIoSubmissionQueueAsync(1, 16, 2, contiguous: false));
    }

    [Fact]
    public async Task CreateQueueWithABaseThatIsNotPageAlignedIsInvalidPrpOffset()
    {
        NvmeTestDriver driver = await StartAsync();
        await driver.CreateIoCompletionQueueAsync(2, 16, 2);
        ulong misaligned = driver.AllocateContiguous(8192) + 0x100;

        AssertStatus(NvmeStatus.InvalidPrpOffset, await driver.CreateIoCompletionQueueAsync(1, 16, 1, baseAddress: misaligned));
        AssertStatus(NvmeStatus.InvalidPrpOffset, await driver.CreateIoSubmissionQueueAsync(1, 16, 2, baseAddress: misaligned));
    }

    [Fact]
    public async Task CreateCompletionQueueWithAVectorBeyondTheMsixTableIsInvalidInterruptVector()
    {
        NvmeTestDriver driver = await StartAsync();

        AssertStatus(NvmeStatus.InvalidInterruptVector, await driver.CreateIoCompletionQueueAsync(1, 16, vector: 17));
    }

    [Fact]
    public async Task CreateCompletionQueueWithInterruptsDisabledIgnoresTheVector()
    {
        NvmeTestDriver driver = await StartAsync();

        AssertStatus(NvmeStatus.Success, await driver.CreateIoCompletionQueueAsync(1, 16, vector: 999, interrupts: false));
    }

    [Theory]
    [InlineData(0)] // the admin Completion Queue
    [InlineData(3)] // never created
    public async Task CreateSubmissionQueueOnACompletionQueueThatIsNotThereIsCompletionQueueInvalid(int completionQueue)
    {
        NvmeTestDriver driver = await StartAsync();

        AssertStatus(NvmeStatus.CompletionQueueInvalid, await driver.CreateIoSubmissionQueueAsync(1, 16, completionQueue));
    }

    [Fact]
    public async Task CreateQueueBeforeCcIoEntrySizesAreSetIsInvalidField()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();
        driver.EnableMsix(17);

        await driver.EnableAsync(configuration: 1); // EN with IOSQES = IOCQES = 0: valid until an I/O queue is made

        AssertStatus(NvmeStatus.InvalidFieldInCommand, await driver.CreateIoCompletionQueueAsync(1, 16, 1));
    }

    [Fact]
    public async Task DeleteQueuesInTheOrderLinuxDoesSucceeds()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        Completion submission = await driver.AdminAsync(new NvmeCommand(0x00, Dword10: 1));
        Completion completion = await driver.AdminAsync(new NvmeCommand(0x04, Dword10: 1));

        AssertStatus(NvmeStatus.Success, submission);
        AssertStatus(NvmeStatus.Success, completion);
        AssertStatus(NvmeStatus.Success, await driver.CreateIoCompletionQueueAsync(1, 16, 1));
    }

    [Fact]
    public async Task DeletingACompletionQueueThatStillHasASubmissionQueueIsInvalidQueueDeletion()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        AssertStatus(NvmeStatus.InvalidQueueDeletion, await driver.AdminAsync(new NvmeCommand(0x04, Dword10: 1)));
    }

    [Theory]
    [InlineData(0x00, 0)] // Delete I/O SQ 0: the admin queue
    [InlineData(0x00, 2)] // Delete I/O SQ 2: never created
    [InlineData(0x04, 0)]
    [InlineData(0x04, 2)]
    public async Task DeletingAQueueThatIsNotAnIoQueueIsInvalidQueueIdentifier(byte opcode, int id)
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        AssertStatus(NvmeStatus.InvalidQueueIdentifier, await driver.AdminAsync(new NvmeCommand(opcode, Dword10: (uint)id)));
    }

    [Fact]
    public async Task CompletionsWrapTheQueueAndFlipThePhaseTag()
    {
        NvmeTestDriver driver = await StartAsync();
        await driver.CreateIoQueuePairAsync(1, size: 4);

        for (int i = 0; i < 10; i++)
        {
            AssertStatus(NvmeStatus.Success, await driver.IoAsync(1, new NvmeCommand(0x00, NamespaceId: 1)));
        }

        // Entries 0-2 with phase 1, 3-6 with phase 0 after the first wrap, 7-9 with phase 1 again; 4 slots per pass.
        List<Completion> reaped = driver.Reaped[1];
        Assert.Equal(10, reaped.Count);
        Assert.Equal([true, true, true, true, false, false, false, false, true, true], reaped.Select(c => c.Phase).ToArray());
        Assert.Equal([1, 2, 3, 0, 1, 2, 3, 0, 1, 2], reaped.Select(c => (int)c.SubmissionQueueHead).ToArray());
    }

    [Fact]
    public async Task TheAdminQueueWrapsToo()
    {
        NvmeTestDriver driver = await StartAsync();

        for (int i = 0; i < 3 * NvmeTestDriver.AdminQueueDepth; i++)
        {
            AssertStatus(NvmeStatus.Success, await driver.GetFeatureAsync(0x07));
        }

        Assert.Equal(3 * NvmeTestDriver.AdminQueueDepth, driver.Reaped[0].Count);
    }

    [Fact]
    public async Task ACompletionQueueSharedBySubmissionQueuesGetsEveryCompletion()
    {
        NvmeTestDriver driver = await StartAsync();
        await driver.CreateIoCompletionQueueAsync(1, 64, 1);
        await driver.CreateIoSubmissionQueueAsync(1, 16, 1);
        await driver.CreateIoSubmissionQueueAsync(2, 16, 1);

        Completion first = await driver.IoAsync(1, new NvmeCommand(0x00, NamespaceId: 1));
        Completion second = await driver.IoAsync(2, new NvmeCommand(0x00, NamespaceId: 1));

        Assert.Equal(1, first.SubmissionQueueId);
        Assert.Equal(2, second.SubmissionQueueId);
        Assert.Equal(2, driver.Reaped[1].Count);
    }

    [Fact]
    public async Task AFullCompletionQueueHoldsCompletionsUntilTheHostConsumesEntries()
    {
        NvmeTestDriver driver = await StartAsync();
        await driver.CreateIoCompletionQueueAsync(1, 2, 1); // room for one entry
        await driver.CreateIoSubmissionQueueAsync(1, 8, 1);
        ushort first = driver.Submit(1, new NvmeCommand(0x00, NamespaceId: 1), ring: false);
        ushort second = driver.Submit(1, new NvmeCommand(0x00, NamespaceId: 1), ring: false);
        ushort third = driver.Submit(1, new NvmeCommand(0x00, NamespaceId: 1), ring: false);

        driver.RingSubmissionDoorbell(1);
        Completion a = await driver.WaitForCompletionAsync(1, first);
        Completion b = await driver.WaitForCompletionAsync(1, second);
        Completion c = await driver.WaitForCompletionAsync(1, third);

        // Commands of one queue run concurrently and may complete in any order; each lands in its own slot.
        Assert.Equal(new[] { first, second, third }.Order(), driver.Reaped[1].Select(entry => entry.CommandId).Order());
        Assert.All(new[] { a, b, c }, entry => Assert.Equal(NvmeStatus.Success, entry.Status));
    }
}
