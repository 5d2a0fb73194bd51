using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

public sealed partial class NvmeControllerTests
{
    [Fact]
    public async Task EnableSetsReadyAndTheAdminQueueAnswers()
    {
        NvmeTestDriver driver = await StartAsync();

        (Completion completion, _) = await driver.IdentifyAsync(0x01);

        Assert.Equal(0x1u, driver.Read32(NvmeTestDriver.Csts)); // RDY, no CFS, SHST 00b
        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(0, completion.SubmissionQueueId);
        Assert.Equal(1, completion.SubmissionQueueHead);
    }

    [Fact]
    public async Task CcReadsBackWhatTheDriverWrote()
    {
        NvmeTestDriver driver = await StartAsync();

        Assert.Equal(NvmeTestDriver.CcEnable, driver.Read32(NvmeTestDriver.Cc));
    }

    [Theory]
    [InlineData(NvmeTestDriver.CcEnable | (1u << 4))]   // CSS 001b: not the NVM command set
    [InlineData(NvmeTestDriver.CcEnable | (5u << 7))]   // MPS 5: 128 KiB pages, above MPSMAX
    [InlineData(NvmeTestDriver.CcEnable | (1u << 11))]  // AMS: weighted round robin, not supported
    [InlineData((7u << 16) | (4u << 20) | 1)]            // IOSQES 7: 128-byte entries
    public async Task EnableWithAConfigurationTheControllerCannotRunSetsControllerFatalStatus(uint configuration)
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();
        driver.Write32(NvmeTestDriver.Aqa, 0x001F_001F);
        driver.Write64(NvmeTestDriver.Asq, driver.AllocateContiguous(4096));
        driver.Write64(NvmeTestDriver.Acq, driver.AllocateContiguous(4096));

        await driver.WriteConfigurationAsync(configuration);

        Assert.Equal(0b10u, driver.Read32(NvmeTestDriver.Csts)); // CFS, not RDY
    }

    [Fact]
    public async Task EnableWithAnAdminQueueOfOneEntrySetsControllerFatalStatus()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();
        driver.Write32(NvmeTestDriver.Aqa, 0x001F_0000); // ASQS 0: one entry
        driver.Write64(NvmeTestDriver.Asq, driver.AllocateContiguous(4096));
        driver.Write64(NvmeTestDriver.Acq, driver.AllocateContiguous(4096));

        await driver.WriteConfigurationAsync(NvmeTestDriver.CcEnable);

        Assert.Equal(0b10u, driver.Read32(NvmeTestDriver.Csts));
    }

    [Fact]
    public async Task EnableWithAnAdminQueueNotAlignedToTheMemoryPageSetsControllerFatalStatus()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();
        driver.Write32(NvmeTestDriver.Aqa, 0x001F_001F);
        driver.Write64(NvmeTestDriver.Asq, driver.AllocateContiguous(4096));
        driver.Write64(NvmeTestDriver.Acq, driver.AllocateContiguous(8192) + 4096);

        await driver.WriteConfigurationAsync(NvmeTestDriver.CcEnable | (1u << 7)); // MPS 1: 8 KiB pages

        Assert.Equal(0b10u, driver.Read32(NvmeTestDriver.Csts));
    }

    [Fact]
    public async Task ClearingEnableAfterAFatalStatusClearsIt()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();
        await driver.WriteConfigurationAsync(NvmeTestDriver.CcEnable); // AQA 0

        await driver.WriteConfigurationAsync(NvmeTestDriver.CcEnable & ~1u);

        Assert.Equal(0u, driver.Read32(NvmeTestDriver.Csts));
    }

    [Fact]
    public async Task DisableClearsReadyAndDeletesTheIoQueues()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        await driver.DisableAsync();

        Assert.Equal(0u, driver.Read32(NvmeTestDriver.Csts));
        Assert.Null(driver.Controller.Session);
    }

    [Fact]
    public async Task ReenableAfterResetStartsWithNoIoQueuesAndFreshFeatures()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        await driver.SetFeatureAsync(0x06, 0); // write cache off
        await driver.DisableAsync();

        await driver.EnableAsync();
        Completion writeCache = await driver.GetFeatureAsync(0x06);
        Completion createSubmissionQueue = await driver.CreateIoSubmissionQueueAsync(1, 16, completionQueueId: 1);

        Assert.Equal(1u, writeCache.Dword0);
        AssertStatus(NvmeStatus.CompletionQueueInvalid, createSubmissionQueue);
    }

    [Fact]
    public async Task ResetKeepsTheAdminQueueRegisters()
    {
        NvmeTestDriver driver = await StartAsync();
        ulong asq = driver.Read64(NvmeTestDriver.Asq);

        await driver.DisableAsync();

        Assert.Equal(asq, driver.Read64(NvmeTestDriver.Asq));
        Assert.Equal(0x001F_001Fu, driver.Read32(NvmeTestDriver.Aqa));
    }

    [Theory]
    [InlineData(1u)] // SHN 01b: normal shutdown
    [InlineData(2u)] // SHN 10b: abrupt shutdown
    public async Task ShutdownNotificationReportsShutdownComplete(uint notification)
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        await driver.WriteConfigurationAsync(NvmeTestDriver.CcEnable | (notification << 14));

        Assert.Equal(0b1001u, driver.Read32(NvmeTestDriver.Csts)); // SHST 10b, RDY still 1
    }

    [Fact]
    public async Task DataWrittenBeforeShutdownIsInTheFile()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] data = Pattern(4096, seed: 7);
        await driver.WriteAsync(1, 16, data);

        await driver.WriteConfigurationAsync(NvmeTestDriver.CcEnable | (1u << 14));

        Assert.Equal(data, _namespace.ReadFile(16 * 512, 4096));
    }

    [Fact]
    public async Task AfterShutdownTheHostResetsAndEnablesAgain()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        await driver.WriteConfigurationAsync(NvmeTestDriver.CcEnable | (1u << 14));

        await driver.DisableAsync();
        uint afterReset = driver.Read32(NvmeTestDriver.Csts);
        await driver.EnableAsync();
        (Completion completion, _) = await driver.IdentifyAsync(0x01);

        Assert.Equal(0u, afterReset);
        AssertStatus(NvmeStatus.Success, completion);
    }

    [Fact]
    public async Task FunctionLevelResetReturnsTheControllerToDisabled()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        int express = driver.Host.FindCapability(0x10);

        driver.Host.ConfigWrite(express + 8, 1u << 15); // Device Control: Initiate Function Level Reset
        driver.ConfigureFunction();

        Assert.Equal(0u, driver.Read32(NvmeTestDriver.Csts));
        Assert.Equal(0u, driver.Read32(NvmeTestDriver.Cc));
        Assert.Null(driver.Controller.Session);
    }

    [Fact]
    public async Task AfterAFunctionLevelResetTheDriverBringsTheControllerUpAgain()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] data = Pattern(512, seed: 3);
        await driver.WriteAsync(1, 0, data);
        int express = driver.Host.FindCapability(0x10);
        driver.Host.ConfigWrite(express + 8, 1u << 15);

        driver.ConfigureFunction();
        driver.EnableMsix(17);
        await driver.EnableAsync();
        await driver.CreateIoQueuePairAsync(1);
        (Completion completion, byte[] read) = await driver.ReadAsync(1, 0, 1);

        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(data, read);
    }
}
