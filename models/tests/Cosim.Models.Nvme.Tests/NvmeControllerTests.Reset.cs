using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

public sealed partial class NvmeControllerTests
{
    [Fact]
    public async Task AResetWhileAWriteWaitsForItsDataLosesNoAcknowledgedWrite()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        byte[] acknowledged = Pattern(4096, seed: 31);
        AssertStatus(NvmeStatus.Success, await driver.WriteAsync(1, 0, acknowledged));
        HostBuffer pending = driver.AllocateBuffer(4096);
        pending.Fill(Pattern(4096, seed: 32));
        driver.Host.HoldReads(pending.Address, 4096);
        ushort inFlight = driver.Submit(1, driver.ReadWriteCommand(0x01, 8, 8, pending));
        Assert.True(await driver.Host.ReadHeld.WaitAsync(TimeSpan.FromSeconds(20)));
        Task worker = driver.Controller.Session!.GetSubmissionQueue(1)!.Worker;

        await driver.WriteConfigurationAsync(NvmeTestDriver.CcEnable & ~1u); // returns once CSTS.RDY is 0
        uint status = driver.Read32(NvmeTestDriver.Csts);
        bool drainedBeforeReady = worker.IsCompleted;
        driver.Reap(1);
        driver.Host.ReleaseHeldReads(); // the completions arrive after the reset: nobody takes them

        Assert.Equal(0u, status);
        Assert.True(drainedBeforeReady);
        Assert.DoesNotContain(driver.Reaped.GetValueOrDefault(1, []), completion => completion.CommandId == inFlight);
        Assert.Equal(acknowledged, _namespace.ReadFile(0, 4096));
        Assert.Equal(new byte[4096], _namespace.ReadFile(8 * 512, 4096)); // never acknowledged, never written
    }

    [Fact]
    public async Task AcknowledgedWritesSurviveAResetMidIoAndANewController()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        var acknowledged = new List<(ulong Lba, byte[] Data)>();
        for (int i = 0; i < 8; i++)
        {
            byte[] data = Pattern(8192, seed: 40 + i);
            AssertStatus(NvmeStatus.Success, await driver.WriteAsync(1, (ulong)(i * 16), data));
            acknowledged.Add(((ulong)(i * 16), data));
        }

        HostBuffer pending = driver.AllocateBuffer(8192);
        driver.Host.HoldReads(pending.Address, 8192);
        driver.Submit(1, driver.ReadWriteCommand(0x01, 0, 16, pending)); // would overwrite the first write
        Assert.True(await driver.Host.ReadHeld.WaitAsync(TimeSpan.FromSeconds(20)));
        await driver.DisableAsync();
        driver.Host.ReleaseHeldReads();
        Release(driver.Controller);

        NvmeTestDriver next = await StartWithIoQueueAsync();
        foreach ((ulong lba, byte[] data) in acknowledged)
        {
            (Completion read, byte[] back) = await next.ReadAsync(1, lba, 16);
            AssertStatus(NvmeStatus.Success, read);
            Assert.Equal(data, back);
        }
    }

    [Fact]
    public async Task AResetWhileCompletionsWaitForRoomInAFullQueueDoesNotHang()
    {
        NvmeTestDriver driver = await StartAsync();
        await driver.CreateIoCompletionQueueAsync(1, 2, 1); // one usable slot
        await driver.CreateIoSubmissionQueueAsync(1, 8, 1);
        for (int i = 0; i < 4; i++)
        {
            driver.Submit(1, new NvmeCommand(0x00, NamespaceId: 1), ring: false);
        }

        driver.RingSubmissionDoorbell(1);
        await driver.WaitForPostedAsync(1); // one posted, three wait for the host

        await driver.DisableAsync();

        Assert.Equal(0u, driver.Read32(NvmeTestDriver.Csts));
        Assert.Null(driver.Controller.Session);
    }

    [Fact]
    public async Task AFunctionResetWhileAWriteWaitsForItsDataLetsTheNextEnableWaitForIt()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        HostBuffer pending = driver.AllocateBuffer(4096);
        driver.Host.HoldReads(pending.Address, 4096);
        driver.Submit(1, driver.ReadWriteCommand(0x01, 8, 8, pending));
        Assert.True(await driver.Host.ReadHeld.WaitAsync(TimeSpan.FromSeconds(20)));
        int express = driver.Host.FindCapability(0x10);

        driver.Host.ConfigWrite(express + 8, 1u << 15); // FLR: the engine fails the outstanding read
        driver.ConfigureFunction();
        driver.EnableMsix(17);
        await driver.EnableAsync();
        await driver.CreateIoQueuePairAsync(1);
        (Completion read, byte[] back) = await driver.ReadAsync(1, 8, 8);
        driver.Host.ReleaseHeldReads();

        AssertStatus(NvmeStatus.Success, read);
        Assert.Equal(new byte[4096], back);
    }

    [Fact]
    public async Task DisposeWhileEnabledWaitsForCommandsInFlightAndClosesTheFile()
    {
        NvmeTestDriver driver = await StartWithIoQueueAsync();
        await driver.WriteAsync(1, 0, Pattern(512, 1));

        Release(driver.Controller);
        using FileStream reopened = File.Open(_namespace.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        Assert.Equal(TestNamespace.DefaultSize, reopened.Length);
    }
}
