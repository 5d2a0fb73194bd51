using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

public sealed partial class NvmeControllerTests
{
    [Fact]
    public async Task SetNumberOfQueuesAllocatesWhatTheHostAsksUpToTheControllerCount()
    {
        NvmeTestDriver driver = await StartAsync(ioQueues: 4);

        Completion fewer = await driver.SetFeatureAsync(0x07, 0x0001_0001);   // 2 SQs, 2 CQs
        Completion current = await driver.GetFeatureAsync(0x07);
        Completion more = await driver.SetFeatureAsync(0x07, 0x003F_003F);    // 64 asked: 4 offered

        Assert.Equal(0x0001_0001u, fewer.Dword0);
        Assert.Equal(0x0001_0001u, current.Dword0);
        Assert.Equal(0x0003_0003u, more.Dword0);
    }

    [Fact]
    public async Task QueuesBeyondTheNumberAllocatedAreInvalidQueueIdentifiers()
    {
        NvmeTestDriver driver = await StartAsync(ioQueues: 4);
        await driver.SetFeatureAsync(0x07, 0x0000_0000); // one of each

        Completion second = await driver.CreateIoCompletionQueueAsync(2, 16, 2);

        AssertStatus(NvmeStatus.InvalidQueueIdentifier, second);
    }

    [Fact]
    public async Task SetNumberOfQueuesWith65535IsInvalidField()
    {
        NvmeTestDriver driver = await StartAsync();

        AssertStatus(NvmeStatus.InvalidFieldInCommand, await driver.SetFeatureAsync(0x07, 0x0000_FFFF));
    }

    [Fact]
    public async Task SetNumberOfQueuesAfterIoQueuesExistIsCommandSequenceError()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();

        AssertStatus(NvmeStatus.CommandSequenceError, await driver.SetFeatureAsync(0x07, 0x0001_0001));
    }

    [Theory]
    [InlineData(0x08, 0x0000_0A04u)] // Interrupt Coalescing: TIME 0Ah, THR 04h
    [InlineData(0x0B, 0x0000_001Fu)] // Async Event Configuration: every critical warning
    [InlineData(0x01, 0x0302_0103u)] // Arbitration
    [InlineData(0x05, 0x0000_0064u)] // Error Recovery: TLER 100
    [InlineData(0x0A, 0x0000_0001u)] // Write Atomicity Normal: DN
    [InlineData(0x06, 0x0000_0000u)] // Volatile Write Cache off
    public async Task GetFeaturesReturnsWhatSetFeaturesStored(byte feature, uint value)
    {
        NvmeTestDriver driver = await StartAsync();

        Completion set = await driver.SetFeatureAsync(feature, value);
        Completion get = await driver.GetFeatureAsync(feature);

        AssertStatus(NvmeStatus.Success, set);
        Assert.Equal(value, get.Dword0);
    }

    [Fact]
    public async Task VolatileWriteCacheIsEnabledByDefault()
    {
        NvmeTestDriver driver = await StartAsync();

        Assert.Equal(1u, (await driver.GetFeatureAsync(0x06)).Dword0);
    }

    [Fact]
    public async Task GetFeaturesDefaultSelectReturnsTheDefaultNotTheCurrentValue()
    {
        NvmeTestDriver driver = await StartAsync();
        await driver.SetFeatureAsync(0x06, 0);

        Completion current = await driver.GetFeatureAsync(0x06, select: 0);
        Completion @default = await driver.GetFeatureAsync(0x06, select: 1);
        Completion capabilities = await driver.GetFeatureAsync(0x06, select: 3);

        Assert.Equal(0u, current.Dword0);
        Assert.Equal(1u, @default.Dword0);
        Assert.Equal(0b100u, capabilities.Dword0); // changeable, not saveable, not namespace specific
    }

    [Fact]
    public async Task TemperatureThresholdOfTheCompositeSensorIsKeptPerThresholdType()
    {
        NvmeTestDriver driver = await StartAsync();

        await driver.SetFeatureAsync(0x04, 350);                 // over-temperature 350 K
        await driver.SetFeatureAsync(0x04, 260 | (1u << 20));    // under-temperature 260 K
        Completion over = await driver.GetFeatureAsync(0x04, dword11: 0);
        Completion under = await driver.GetFeatureAsync(0x04, dword11: 1u << 20);

        Assert.Equal(350u, over.Dword0 & 0xFFFF);
        Assert.Equal(260u, under.Dword0 & 0xFFFF);
    }

    [Theory]
    [InlineData(0x04, 0x0001_0000u | 300)] // Temperature Threshold of sensor 1: no such sensor
    [InlineData(0x02, 0x0000_0001u)]       // Power Management: power state 1 does not exist
    [InlineData(0x05, 0x0001_0000u)]       // Error Recovery: DULBE not supported
    public async Task SetFeaturesWithAValueTheControllerCannotTakeIsInvalidField(byte feature, uint value)
    {
        NvmeTestDriver driver = await StartAsync();

        AssertStatus(NvmeStatus.InvalidFieldInCommand, await driver.SetFeatureAsync(feature, value));
    }

    [Theory]
    [InlineData(0x03)] // LBA Range Type
    [InlineData(0x09)] // Interrupt Vector Configuration
    [InlineData(0x0C)] // Autonomous Power State Transition
    [InlineData(0x0F)] // Keep Alive Timer
    [InlineData(0x80)] // Software Progress Marker
    public async Task FeaturesTheControllerDoesNotImplementAreInvalidField(byte feature)
    {
        NvmeTestDriver driver = await StartAsync();

        Completion set = await driver.SetFeatureAsync(feature, 0);
        Completion get = await driver.GetFeatureAsync(feature);

        AssertStatus(NvmeStatus.InvalidFieldInCommand, set);
        AssertStatus(NvmeStatus.InvalidFieldInCommand, get);
        Assert.True(set.DoNotRetry);
    }

    [Fact]
    public async Task SavingAFeatureIsFeatureIdentifierNotSaveable()
    {
        NvmeTestDriver driver = await StartAsync();

        AssertStatus(NvmeStatus.FeatureIdentifierNotSaveable, await driver.SetFeatureAsync(0x06, 1, save: true));
    }

    [Fact]
    public async Task SettingAControllerFeatureForOneNamespaceIsFeatureNotNamespaceSpecific()
    {
        NvmeTestDriver driver = await StartAsync();

        AssertStatus(NvmeStatus.FeatureNotNamespaceSpecific, await driver.SetFeatureAsync(0x08, 0, namespaceId: 1));
    }
}
