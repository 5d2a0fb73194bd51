using System.IO.Hashing;
using Cosim.Models.TestDevice;
using Cosim.Server.Checking;
using Cosim.Server.Link;
using Cosim.Server.Tests.Fakes;
using Cosim.Tlp;
using Cosim.Tlp.Checking;
using Cosim.Tlp.Transactions;
using Cosim.Server.Topology;

namespace Cosim.Server.Tests.Link;

/// <summary>The protocol checker on both ends of a real Cosim link: at the model (serve) and at the proxy (endpoint).</summary>
public sealed class CheckedLinkTests
{
    private const ulong Bar0 = 0x8000_0000;
    private const int DmaAddressLow = 0x20;
    private const int DmaAddressHigh = 0x24;
    private const int DmaLength = 0x28;
    private const int DmaCommand = 0x2C;
    private const int DmaStatus = 0x30;
    private const int DmaChecksum = 0x38;
    private const int DmaControl = 0x3C;
    private const int DeviceControl = 0x08;
    private const uint MaxPayloadSizeMask = 0x7 << 5; // Device Control bits 7:5
    private const uint MaxPayloadSize256 = 1 << 5;
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task BothEndsSeeTheSameCorrectTrafficAndFindNothing()
    {
        var logs = new RecordingLoggerFactory();
        using var serverSide = new CheckingFunction(new CosimTestDevice(), "test0", logs.CreateLogger("serve"), TimeSpan.FromSeconds(5));
        await using var server = new LinkServer([new ServedDevice(0, "test0", serverSide)], LinkTestbed.Settings(), logs);
        server.Start();
        var proxy = new ProxyFunction(0, "test0", logs.CreateLogger("proxy"));
        using var endpointSide = new CheckingFunction(proxy, "test0", logs.CreateLogger("endpoint"), TimeSpan.FromSeconds(5));
        var root = new FakeRootComplex(endpointSide);
        await using var client = new LinkClient([proxy], LinkTestbed.Settings() with { Server = new LinkAddress("127.0.0.1", server.LocalEndPoint!.Port) }, logs);
        var established = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Established += _ => established.TrySetResult();
        client.Start();
        await established.Task.WaitAsync(s_hangGuard);

        // Enumerate as firmware would: BAR0, Max_Payload_Size 256 (what the fake root complex completes with), then
        // memory space and bus master on.
        await root.ConfigWriteAsync(0x10, (uint)Bar0);
        int pciExpress = await root.FindCapabilityAsync(0x10);
        uint deviceControl = await root.ConfigReadAsync(pciExpress + DeviceControl) & 0xFFFF; // read-modify-write, as Linux does
        await root.ConfigWriteAsync(pciExpress + DeviceControl, (deviceControl & ~MaxPayloadSizeMask) | MaxPayloadSize256);
        await root.ConfigWriteAsync(0x04, 0x6);

        // The device reads 3000 bytes (MemRd over the link, CplD back) and reports their CRC-32.
        byte[] source = [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7))];
        root.WriteHostMemory(0x1_0000_0000, source);
        root.MemoryWrite32(Bar0 + DmaControl, 0);
        root.MemoryWrite32(Bar0 + DmaAddressLow, 0);
        root.MemoryWrite32(Bar0 + DmaAddressHigh, 1);
        root.MemoryWrite32(Bar0 + DmaLength, 3000);
        root.MemoryWrite32(Bar0 + DmaCommand, 2);
        uint status;
        do
        {
            status = await root.MemoryRead32Async(Bar0 + DmaStatus);
        }
        while ((status & 0x2) == 0);

        Assert.Equal(Crc32.HashToUInt32(source), await root.MemoryRead32Async(Bar0 + DmaChecksum));
        Assert.Empty(serverSide.Violations);
        Assert.Empty(endpointSide.Violations);
        Assert.True(serverSide.Checker.BusMasterEnable);
        Assert.True(endpointSide.Checker.BusMasterEnable);
        Assert.Equal(MaxPayloadSize.Bytes256, serverSide.Checker.MaxPayloadSize);
        Assert.Equal(MaxPayloadSize.Bytes256, endpointSide.Checker.MaxPayloadSize);
    }

    [Fact]
    public async Task TheEndpointsCheckerCatchesAViolationThatCrossedTheLink()
    {
        // Without Max_Payload_Size programmed the device's limit is 128 bytes; the fake root complex completes the
        // device's reads with up to 256 bytes per CplD. Both ends see those completions and both flag them.
        var logs = new RecordingLoggerFactory();
        using var serverSide = new CheckingFunction(new CosimTestDevice(), "test0", logs.CreateLogger("serve"), TimeSpan.FromSeconds(5));
        await using var server = new LinkServer([new ServedDevice(0, "test0", serverSide)], LinkTestbed.Settings(), logs);
        server.Start();
        var proxy = new ProxyFunction(0, "test0", logs.CreateLogger("proxy"));
        using var endpointSide = new CheckingFunction(proxy, "test0", logs.CreateLogger("endpoint"), TimeSpan.FromSeconds(5));
        var root = new FakeRootComplex(endpointSide);
        await using var client = new LinkClient([proxy], LinkTestbed.Settings() with { Server = new LinkAddress("127.0.0.1", server.LocalEndPoint!.Port) }, logs);
        var established = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Established += _ => established.TrySetResult();
        client.Start();
        await established.Task.WaitAsync(s_hangGuard);
        await root.ConfigWriteAsync(0x10, (uint)Bar0);
        await root.ConfigWriteAsync(0x04, 0x6);

        root.MemoryWrite32(Bar0 + DmaAddressLow, 0);
        root.MemoryWrite32(Bar0 + DmaAddressHigh, 1);
        root.MemoryWrite32(Bar0 + DmaLength, 512);
        root.MemoryWrite32(Bar0 + DmaCommand, 2);
        while ((await root.MemoryRead32Async(Bar0 + DmaStatus) & 0x2) == 0)
        {
        }

        Assert.Contains(serverSide.Violations, v => v.Rule == CheckerRule.PayloadExceedsMaxPayloadSize && v.Direction == LinkDirection.Downstream);
        Assert.Contains(endpointSide.Violations, v => v.Rule == CheckerRule.PayloadExceedsMaxPayloadSize && v.Direction == LinkDirection.Downstream);
    }
}
