using System.IO.Hashing;
using Cosim.Models.TestDevice;
using Cosim.Server.Tests.Fakes;
using Cosim.Server.Link;
using Cosim.Tlp;

namespace Cosim.Server.Tests.Link;

/// <summary>The proxy and the server over a real TCP socket pair on 127.0.0.1, with real Cosim test devices.</summary>
public sealed class LinkServerTests
{
    private const int InterruptRequest = 0x08;
    private const int IntxControl = 0x10;
    private const int DmaAddressLow = 0x20;
    private const int DmaAddressHigh = 0x24;
    private const int DmaLength = 0x28;
    private const int DmaCommand = 0x2C;
    private const int DmaStatus = 0x30;
    private const int DmaChecksum = 0x38;
    private const int DmaControl = 0x3C;

    [Fact]
    public async Task ConfigReadRoundTripsWithoutSecret()
    {
        await using LinkTestbed testbed = await LinkTestbed.StartAsync();

        uint ids = await testbed.Roots[0].ConfigReadAsync(0x00);

        Assert.Equal(0xC05A_1234u, ids);
    }

    [Fact]
    public async Task ConfigReadRoundTripsWithSharedSecret()
    {
        byte[] secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        await using LinkTestbed testbed = await LinkTestbed.StartAsync(secret: secret);

        uint ids = await testbed.Roots[0].ConfigReadAsync(0x00);

        Assert.Equal(0xC05A_1234u, ids);
    }

    [Fact]
    public async Task MemoryReadReturnsWhatMemoryWriteStored()
    {
        await using LinkTestbed testbed = await LinkTestbed.StartAsync();
        await testbed.EnableAsync();
        FakeRootComplex root = testbed.Roots[0];

        root.MemoryWrite32(LinkTestbed.Bar0 + 0x04, 0xDEAD_BEEF);
        uint scratch = await root.MemoryRead32Async(LinkTestbed.Bar0 + 0x04);
        uint identification = await root.MemoryRead32Async(LinkTestbed.Bar0);

        Assert.Equal(0xDEAD_BEEFu, scratch);
        Assert.Equal(CosimTestDevice.Identification, identification);
    }

    [Fact]
    public async Task IoReadReturnsWhatIoWriteStored()
    {
        await using LinkTestbed testbed = await LinkTestbed.StartAsync();
        await testbed.EnableAsync();
        FakeRootComplex root = testbed.Roots[0];

        await root.IoWrite32Async(LinkTestbed.Bar2, 0x1234_5678);

        Assert.Equal(0x1234_5678u, await root.IoRead32Async(LinkTestbed.Bar2));
    }

    [Fact]
    public async Task MsixMemoryWriteReachesTheUpstream()
    {
        await using LinkTestbed testbed = await LinkTestbed.StartAsync();
        await testbed.EnableAsync();
        FakeRootComplex root = testbed.Roots[0];
        int msix = await root.FindCapabilityAsync(0x11);
        await root.ConfigWriteAsync(msix, 0x8000_0000); // MSI-X Enable
        root.MemoryWrite32(LinkTestbed.Bar0 + 0x800 + 16, (uint)FakeRootComplex.MsiWindow + 0x40); // entry 1 address
        root.MemoryWrite32(LinkTestbed.Bar0 + 0x800 + 16 + 8, 0x4021); // entry 1 data
        root.MemoryWrite32(LinkTestbed.Bar0 + 0x800 + 16 + 12, 0); // unmask

        root.MemoryWrite32(LinkTestbed.Bar0 + InterruptRequest, 1);
        (ulong address, uint data) = await root.MessageInterrupts.ReadGuardedAsync();

        Assert.Equal((FakeRootComplex.MsiWindow + 0x40, 0x4021u), (address, data));
    }

    [Fact]
    public async Task IntxMessagesReachTheUpstreamInOrder()
    {
        await using LinkTestbed testbed = await LinkTestbed.StartAsync();
        await testbed.EnableAsync();
        FakeRootComplex root = testbed.Roots[0];

        root.MemoryWrite32(LinkTestbed.Bar0 + IntxControl, 1);
        root.MemoryWrite32(LinkTestbed.Bar0 + IntxControl, 0);
        MessageCode first = await root.IntxMessages.ReadGuardedAsync();
        MessageCode second = await root.IntxMessages.ReadGuardedAsync();

        Assert.Equal([MessageCode.AssertIntA, MessageCode.DeassertIntA], [first, second]);
    }

    [Fact]
    public async Task DeviceDmaWritesAndReadsHostMemoryThroughTheLink()
    {
        await using LinkTestbed testbed = await LinkTestbed.StartAsync();
        await testbed.EnableAsync();
        FakeRootComplex root = testbed.Roots[0];
        ulong buffer = 0x1_2345_0000;
        byte[] source = [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7))];
        root.WriteHostMemory(buffer + 0x10000, source);

        // INTERRUPT_ON_DONE with neither MSI nor MSI-X enabled: each finished transfer asserts INTA.
        root.MemoryWrite32(LinkTestbed.Bar0 + DmaControl, 1);

        // WritePattern: 300 bytes of (seed + i) to the buffer.
        root.MemoryWrite32(LinkTestbed.Bar0 + DmaAddressLow, (uint)buffer);
        root.MemoryWrite32(LinkTestbed.Bar0 + DmaAddressHigh, (uint)(buffer >> 32));
        root.MemoryWrite32(LinkTestbed.Bar0 + DmaLength, 300);
        root.MemoryWrite32(LinkTestbed.Bar0 + 0x34, 5); // seed
        root.MemoryWrite32(LinkTestbed.Bar0 + DmaCommand, 1);
        Assert.Equal(MessageCode.AssertIntA, await root.IntxMessages.ReadGuardedAsync());
        root.MemoryWrite32(LinkTestbed.Bar0 + IntxControl, 0); // deassert, so that the next DONE asserts again
        Assert.Equal(MessageCode.DeassertIntA, await root.IntxMessages.ReadGuardedAsync());
        uint writeStatus = await root.MemoryRead32Async(LinkTestbed.Bar0 + DmaStatus);

        // ReadChecksum: the device reads 3000 bytes (MemRd over the link, CplD back) and reports their CRC-32.
        root.MemoryWrite32(LinkTestbed.Bar0 + DmaAddressLow, (uint)(buffer + 0x10000));
        root.MemoryWrite32(LinkTestbed.Bar0 + DmaLength, 3000);
        root.MemoryWrite32(LinkTestbed.Bar0 + DmaCommand, 2);
        Assert.Equal(MessageCode.AssertIntA, await root.IntxMessages.ReadGuardedAsync());
        uint checksum = await root.MemoryRead32Async(LinkTestbed.Bar0 + DmaChecksum);

        Assert.Equal([.. Enumerable.Range(0, 300).Select(i => (byte)(5 + i))], root.ReadHostMemory(buffer, 300));
        Assert.Equal(0x2u, writeStatus & 0xFF07); // DONE, no error, result Success
        Assert.Equal(Crc32.HashToUInt32(source), checksum);
    }

    [Fact]
    public async Task TwoDevicesShareOneLinkAndKeepTheirOwnState()
    {
        await using LinkTestbed testbed = await LinkTestbed.StartAsync(deviceCount: 2);
        await testbed.EnableAsync(0);
        await testbed.EnableAsync(1);

        testbed.Roots[0].MemoryWrite32(LinkTestbed.Bar0 + 0x04, 0xAAAA_0000);
        testbed.Roots[1].MemoryWrite32(LinkTestbed.Bar0 + 0x04, 0xBBBB_1111);
        uint first = await testbed.Roots[0].MemoryRead32Async(LinkTestbed.Bar0 + 0x04);
        uint second = await testbed.Roots[1].MemoryRead32Async(LinkTestbed.Bar0 + 0x04);

        Assert.Equal((0xAAAA_0000u, 0xBBBB_1111u), (first, second));
        Assert.Single(testbed.Server.Connections);
    }

    [Fact]
    public async Task ResetFromTheEndpointResetsTheModel()
    {
        await using LinkTestbed testbed = await LinkTestbed.StartAsync();
        await testbed.EnableAsync();
        testbed.Roots[0].MemoryWrite32(LinkTestbed.Bar0 + 0x04, 0x1234);

        testbed.Proxies[0].Reset();
        uint bar0 = await testbed.Roots[0].ConfigReadAsync(0x10);

        Assert.Equal(0u, bar0);
    }

    [Fact]
    public async Task LinkDropMidDmaResetsTheDeviceAndTheEndpointReconnects()
    {
        await using LinkTestbed testbed = await LinkTestbed.StartAsync();
        await testbed.EnableAsync();
        FakeRootComplex root = testbed.Roots[0];
        root.HoldDmaReads = true;
        root.MemoryWrite32(LinkTestbed.Bar0 + 0x04, 0x5555);
        root.MemoryWrite32(LinkTestbed.Bar0 + DmaAddressLow, 0x10_0000);
        root.MemoryWrite32(LinkTestbed.Bar0 + DmaLength, 64);
        root.MemoryWrite32(LinkTestbed.Bar0 + DmaCommand, 2);
        TlpHeader held = await root.HeldReads.ReadGuardedAsync();
        Task reset = testbed.NextDeviceResetAfterDrop(0);
        Task reconnected = testbed.NextEstablished();
        Task<LinkCloseReason> ended = testbed.NextLinkEnd();

        testbed.Client!.Current!.Abort();
        await reset;
        LinkCloseReason reason = await ended;
        await reconnected;
        uint bar0 = await ConfigReadOnceServedAsync(testbed, root, 0x10);
        await testbed.EnableAsync();
        uint scratch = await root.MemoryRead32Async(LinkTestbed.Bar0 + 0x04);
        uint status = await root.MemoryRead32Async(LinkTestbed.Bar0 + DmaStatus);

        Assert.Equal(TlpKind.MemoryRead, held.Kind);
        Assert.Equal(LinkCloseKind.ConnectionLost, reason.Kind);
        Assert.Equal(0u, bar0);
        Assert.Equal(0u, scratch);
        Assert.Equal(0u, status & 1); // not BUSY: the reset ended the transfer
        Assert.True(testbed.Logs.Contains(110, "reset because link #1"));
        Assert.True(testbed.Logs.Contains(103, "link dropped"));
    }

    // The endpoint may reconnect before the server has noticed the old link's end: the server then refuses the new
    // link's claim on the device (it is still served to the old one) and the endpoint tries again. A request in that
    // window gets Unsupported Request, as on a link that is still training; the next link serves it.
    private static async Task<uint> ConfigReadOnceServedAsync(LinkTestbed testbed, FakeRootComplex root, int offset)
    {
        for (int attempt = 1; ; attempt++)
        {
            Task next = testbed.NextEstablished();
            (CompletionStatus status, uint value) = await root.TryConfigReadAsync(offset);
            if (status == CompletionStatus.SuccessfulCompletion)
            {
                return value;
            }

            Assert.True(attempt < 5, $"config read still answered {status} after {attempt} links");
            await next;
        }
    }
}
