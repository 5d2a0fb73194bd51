using Cosim.Models.Nvme.Commands;
using Cosim.Tlp;

namespace Cosim.Models.Nvme.Tests;

public sealed partial class NvmeControllerTests
{
    private static readonly NvmeCommand s_flush = new(0x00, NamespaceId: 1);

    [Fact]
    public async Task EachCompletionQueueRaisesItsOwnMsixVector()
    {
        NvmeTestDriver driver = await StartAsync();
        await driver.CreateIoQueuePairAsync(1, vector: 3);
        await driver.CreateIoQueuePairAsync(2, vector: 5);
        int before = driver.Host.MessageInterruptsSnapshot().Length;

        await driver.IoAsync(2, s_flush);
        await driver.IoAsync(1, s_flush);

        (ulong Address, uint Data)[] raised = driver.Host.MessageInterruptsSnapshot()[before..];
        Assert.Equal([(HostHarness.MsiWindow + (16 * 5), 5u), (HostHarness.MsiWindow + (16 * 3), 3u)], raised);
    }

    [Fact]
    public async Task TheAdminCompletionQueueRaisesVectorZero()
    {
        NvmeTestDriver driver = await StartAsync();

        await driver.GetFeatureAsync(0x07);

        Assert.Equal((HostHarness.MsiWindow, 0u), driver.Host.MessageInterruptsSnapshot()[^1]);
    }

    [Fact]
    public async Task ACompletionQueueWithInterruptsDisabledRaisesNothing()
    {
        NvmeTestDriver driver = await StartAsync();
        await driver.CreateIoCompletionQueueAsync(1, 16, vector: 1, interrupts: false);
        await driver.CreateIoSubmissionQueueAsync(1, 16, 1);
        int before = driver.Host.MessageInterruptsSnapshot().Length;

        AssertStatus(NvmeStatus.Success, await driver.IoAsync(1, s_flush));

        Assert.Equal(before, driver.Host.MessageInterruptsSnapshot().Length);
    }

    [Fact]
    public async Task AMaskedMsixVectorIsDeliveredWhenTheDriverUnmasksIt()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        driver.Host.MemoryWrite32(NvmeTestDriver.Bar0 + NvmeTestDriver.MsixTable + 16 + 12, 1); // mask vector 1
        int before = driver.Host.MessageInterruptsSnapshot().Length;

        await driver.IoAsync(1, s_flush);
        int whileMasked = driver.Host.MessageInterruptsSnapshot().Length;
        driver.Host.MemoryWrite32(NvmeTestDriver.Bar0 + NvmeTestDriver.MsixTable + 16 + 12, 0);

        Assert.Equal(before, whileMasked);
        Assert.Equal((HostHarness.MsiWindow + 16, 1u), driver.Host.MessageInterruptsSnapshot()[^1]);
    }

    [Fact]
    public async Task WithMsiEachCompletionQueueRaisesItsVectorNumber()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();
        driver.EnableMsi(multipleMessageEnable: 2); // 4 vectors
        await driver.EnableAsync();
        await driver.CreateIoQueuePairAsync(1, vector: 2);

        await driver.IoAsync(1, s_flush);

        Assert.Equal((HostHarness.MsiWindow, 0x42u), driver.Host.MessageInterruptsSnapshot()[^1]);
    }

    [Fact]
    public async Task WithMsiTheInterruptMaskHoldsAVectorBackUntilCleared()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();
        driver.EnableMsi(multipleMessageEnable: 2);
        await driver.EnableAsync();
        await driver.CreateIoQueuePairAsync(1, vector: 1);
        driver.Write32(NvmeTestDriver.Intms, 1u << 1);
        int before = driver.Host.MessageInterruptsSnapshot().Length;

        ushort command = driver.Submit(1, s_flush);
        await driver.WaitForPostedAsync(1);
        int whileMasked = driver.Host.MessageInterruptsSnapshot().Length;
        driver.Write32(NvmeTestDriver.Intmc, 1u << 1);
        await driver.WaitForCompletionAsync(1, command);

        Assert.Equal(before, whileMasked);
        Assert.Equal((HostHarness.MsiWindow, 0x41u), driver.Host.MessageInterruptsSnapshot()[^1]);
    }

    [Fact]
    public async Task WithoutMsiOrMsixIntaFollowsTheEntriesTheHostHasNotConsumed()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();
        await driver.EnableAsync();
        await driver.CreateIoQueuePairAsync(1);
        int before = driver.Host.IntxMessagesSnapshot().Length;

        ushort command = driver.Submit(1, s_flush);
        await driver.WaitForPostedAsync(1);
        MessageCode[] posted = driver.Host.IntxMessagesSnapshot()[before..];
        await driver.WaitForCompletionAsync(1, command); // reaps and rings the CQ head doorbell
        MessageCode[] consumed = driver.Host.IntxMessagesSnapshot()[before..];

        Assert.Equal([MessageCode.AssertIntA], posted);
        Assert.Equal([MessageCode.AssertIntA, MessageCode.DeassertIntA], consumed);
    }

    [Fact]
    public async Task InterruptMaskBitZeroMasksIntaAndClearingItRaisesItAgain()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();
        await driver.EnableAsync();
        await driver.CreateIoQueuePairAsync(1);
        driver.Write32(NvmeTestDriver.Intms, 1);
        int before = driver.Host.IntxMessagesSnapshot().Length;

        ushort command = driver.Submit(1, s_flush);
        await driver.WaitForPostedAsync(1);
        int whileMasked = driver.Host.IntxMessagesSnapshot().Length;
        driver.Write32(NvmeTestDriver.Intmc, 1);
        MessageCode[] unmasked = driver.Host.IntxMessagesSnapshot()[before..];
        await driver.WaitForCompletionAsync(1, command);

        Assert.Equal(before, whileMasked);
        Assert.Equal([MessageCode.AssertIntA], unmasked);
    }

    [Fact]
    public async Task EnablingMsixWhileEntriesWaitMovesTheInterruptOffInta()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();
        await driver.EnableAsync();
        await driver.CreateIoQueuePairAsync(1);
        driver.Submit(1, s_flush);
        await driver.WaitForPostedAsync(1);

        driver.EnableMsix(17);

        Assert.Equal([MessageCode.AssertIntA, MessageCode.DeassertIntA], driver.Host.IntxMessagesSnapshot()[^2..]);
    }
}
