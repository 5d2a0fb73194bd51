using System.Buffers.Binary;
using System.Text;
using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

public sealed partial class NvmeControllerTests
{
    [Fact]
    public async Task SmartLogCountsHostCommandsAndDataUnits()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        await driver.WriteAsync(1, 0, Pattern(1000 * 512, 1)); // exactly one data unit (1000 × 512 bytes)
        await driver.WriteAsync(1, 0, Pattern(512, 2));        // and a bit: rounds up to two
        await driver.ReadAsync(1, 0, 1);

        (Completion completion, byte[] log) = await driver.GetLogPageAsync(0x02, 512);

        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(313, BinaryPrimitives.ReadUInt16LittleEndian(log.AsSpan(1)));   // Composite Temperature, K
        Assert.Equal(100, log[3]);                                                  // Available Spare
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(log.AsSpan(32))); // Data Units Read
        Assert.Equal(2ul, BinaryPrimitives.ReadUInt64LittleEndian(log.AsSpan(48))); // Data Units Written
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(log.AsSpan(64))); // Host Read Commands
        Assert.Equal(2ul, BinaryPrimitives.ReadUInt64LittleEndian(log.AsSpan(80))); // Host Write Commands
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(log.AsSpan(112)));// Power Cycles
    }

    [Fact]
    public async Task FirmwareSlotLogNamesTheRunningRevision()
    {
        NvmeTestDriver driver = await StartAsync();

        (Completion completion, byte[] log) = await driver.GetLogPageAsync(0x03, 512);

        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(1, log[0]); // AFI: slot 1
        Assert.Equal("1.0     ", Encoding.ASCII.GetString(log, 8, 8));
    }

    [Fact]
    public async Task ErrorInformationLogHasNoEntries()
    {
        NvmeTestDriver driver = await StartAsync();

        (Completion completion, byte[] log) = await driver.GetLogPageAsync(0x01, 64);

        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(new byte[64], log);
    }

    [Fact]
    public async Task ALogReadWithAnOffsetStartsThereAndPadsWithZeros()
    {
        NvmeTestDriver driver = await StartAsync();
        (_, byte[] whole) = await driver.GetLogPageAsync(0x03, 512);

        (Completion completion, byte[] tail) = await driver.GetLogPageAsync(0x03, 1024, offset: 8);

        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(whole.AsSpan(8).ToArray(), tail.AsSpan(0, 504).ToArray());
        Assert.Equal(new byte[520], tail.AsSpan(504).ToArray());
    }

    [Theory]
    [InlineData(516ul)] // past the 512-byte log
    [InlineData(2ul)]   // not dword aligned
    public async Task ALogPageOffsetTheLogCannotServeIsInvalidField(ulong offset)
    {
        NvmeTestDriver driver = await StartAsync();

        (Completion completion, _) = await driver.GetLogPageAsync(0x02, 4, offset: offset);

        AssertStatus(NvmeStatus.InvalidFieldInCommand, completion);
    }

    [Theory]
    [InlineData(0x04)] // Changed Namespace List
    [InlineData(0x05)] // Commands Supported and Effects: LPA bit 1 is 0
    [InlineData(0x0C)] // ANA
    [InlineData(0xC0)] // vendor specific
    public async Task ALogPageTheControllerDoesNotKeepIsInvalidLogPage(byte logPage)
    {
        NvmeTestDriver driver = await StartAsync();

        (Completion completion, _) = await driver.GetLogPageAsync(logPage, 512);

        AssertStatus(NvmeStatus.InvalidLogPage, completion);
    }

    [Fact]
    public async Task TheSmartLogOfANamespaceThatIsNotThereIsInvalidNamespaceOrFormat()
    {
        NvmeTestDriver driver = await StartAsync();

        (Completion completion, _) = await driver.GetLogPageAsync(0x02, 512, namespaceId: 2);

        AssertStatus(NvmeStatus.InvalidNamespaceOrFormat, completion);
    }

    [Fact]
    public async Task AnAsynchronousEventRequestStaysOutstanding()
    {
        NvmeTestDriver driver = await StartAsync();

        ushort request = driver.Submit(0, new NvmeCommand(0x0C));
        Completion next = await driver.GetFeatureAsync(0x07);

        AssertStatus(NvmeStatus.Success, next);
        Assert.DoesNotContain(driver.Reaped[0], completion => completion.CommandId == request);
        Assert.Equal(1, driver.Controller.Session!.Events.OutstandingRequests);
    }

    [Fact]
    public async Task MoreAsynchronousEventRequestsThanAerlAllowsAreLimitExceeded()
    {
        NvmeTestDriver driver = await StartAsync();
        for (int i = 0; i < 4; i++)
        {
            driver.Submit(0, new NvmeCommand(0x0C));
        }

        Completion fifth = await driver.AdminAsync(new NvmeCommand(0x0C));

        AssertStatus(NvmeStatus.AsynchronousEventRequestLimitExceeded, fifth);
    }

    [Fact]
    public async Task AbortOfAnOutstandingAsynchronousEventRequestCompletesIt()
    {
        NvmeTestDriver driver = await StartAsync();
        ushort request = driver.Submit(0, new NvmeCommand(0x0C));

        Completion abort = await driver.AdminAsync(new NvmeCommand(0x08, Dword10: (uint)request << 16)); // SQID 0, CID
        Completion aborted = await driver.WaitForCompletionAsync(0, request);

        AssertStatus(NvmeStatus.Success, abort);
        Assert.Equal(0u, abort.Dword0 & 1); // aborted
        AssertStatus(NvmeStatus.CommandAbortRequested, aborted);
    }

    [Fact]
    public async Task AbortOfACommandThatIsNotOutstandingReportsNotAborted()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        Completion abort = await driver.AdminAsync(new NvmeCommand(0x08, Dword10: 1 | (0x1234u << 16)));

        AssertStatus(NvmeStatus.Success, abort);
        Assert.Equal(1u, abort.Dword0 & 1);
    }

    [Fact]
    public async Task ADoorbellWriteBeyondTheQueueIsReportedAsAnErrorEvent()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        ushort request = driver.Submit(0, new NvmeCommand(0x0C));
        ulong lba = 0;

        driver.Write32(NvmeTestDriver.Doorbells + 8, 64); // SQ 1 tail 64 in a 64-entry queue
        Completion completion = await driver.WaitForCompletionAsync(0, request);
        (Completion io, _) = await driver.ReadAsync(1, lba, 1);

        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(0x01_01_00u, completion.Dword0 & 0xFF_FF_07); // log 01h, Invalid Doorbell Write Value, Error status
        AssertStatus(NvmeStatus.Success, io);                      // the write was ignored
    }

    [Fact]
    public async Task ADoorbellOfAQueueThatDoesNotExistIsReportedAsAnErrorEvent()
    {
        NvmeTestDriver driver = await StartAsync();
        ushort request = driver.Submit(0, new NvmeCommand(0x0C));

        driver.Write32(NvmeTestDriver.Doorbells + (8 * 3) + 4, 1); // CQ 3 head: no such queue
        Completion completion = await driver.WaitForCompletionAsync(0, request);

        Assert.Equal(0x01_00_00u, completion.Dword0 & 0xFF_FF_07); // log 01h, Write to Invalid Doorbell Register
    }

    [Fact]
    public async Task ACompletionQueueHeadBeyondWhatWasPostedIsAnInvalidDoorbellValue()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        ushort request = driver.Submit(0, new NvmeCommand(0x0C));

        driver.Write32(NvmeTestDriver.Doorbells + 12, 5); // CQ 1 head 5: nothing was posted there
        Completion completion = await driver.WaitForCompletionAsync(0, request);

        Assert.Equal(0x01_01_00u, completion.Dword0 & 0xFF_FF_07);
    }

    [Fact]
    public async Task AnEventWithNoRequestWaitingIsDeliveredByTheNextRequestAndFurtherOnesWaitForTheLog()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        driver.Write32(NvmeTestDriver.Doorbells + 8, 64);         // event 1: invalid value
        driver.Write32(NvmeTestDriver.Doorbells + (8 * 3), 0);    // event 2: same type, masked until the log is read

        Completion first = await driver.AdminAsync(new NvmeCommand(0x0C));
        ushort second = driver.Submit(0, new NvmeCommand(0x0C));
        await driver.GetFeatureAsync(0x07);
        bool secondHeld = driver.Controller.Session!.Events.OutstandingRequests == 1;
        await driver.GetLogPageAsync(0x01, 64);                   // RAE 0: unmasks error events
        driver.Write32(NvmeTestDriver.Doorbells + (8 * 3), 0);
        Completion third = await driver.WaitForCompletionAsync(0, second);

        Assert.Equal(0x01_01_00u, first.Dword0 & 0xFF_FF_07);
        Assert.True(secondHeld);
        Assert.Equal(0x01_00_00u, third.Dword0 & 0xFF_FF_07);
        AssertStatus(NvmeStatus.Success, first);
    }

    [Fact]
    public async Task ShutdownCompletesOutstandingAsynchronousEventRequestsAsAborted()
    {
        NvmeTestDriver driver = await StartAsync();
        ushort request = driver.Submit(0, new NvmeCommand(0x0C));
        await driver.GetFeatureAsync(0x07);

        await driver.WriteConfigurationAsync(NvmeTestDriver.CcEnable | (1u << 14));
        Completion aborted = await driver.WaitForCompletionAsync(0, request);

        AssertStatus(NvmeStatus.CommandAbortedDueToSqDeletion, aborted);
        Assert.False(aborted.DoNotRetry);
    }

    [Fact]
    public async Task ResetCompletesOutstandingAsynchronousEventRequestsAsAbortedBeforeReadyDrops()
    {
        NvmeTestDriver driver = await StartAsync();
        ushort request = driver.Submit(0, new NvmeCommand(0x0C));
        await driver.GetFeatureAsync(0x07);

        await driver.WriteConfigurationAsync(NvmeTestDriver.CcEnable & ~1u);
        driver.Reap(0);

        Assert.Contains(driver.Reaped[0], completion => completion.CommandId == request && completion.Status == NvmeStatus.CommandAbortedDueToSqDeletion);
    }
}
