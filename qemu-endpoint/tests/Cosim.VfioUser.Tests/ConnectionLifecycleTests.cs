using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser.Tests;

/// <summary>Malformed streams, unsupported commands, clients that vanish, and stopping the server.</summary>
public sealed class ConnectionLifecycleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void UnsupportedCommandGetsEnotsup()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        VfioUserMessage reply = client.Call(VfioUserCommand.DeviceGetRegionIoFds, new byte[16]);

        Assert.True(reply.IsError);
        Assert.Equal(Errno.NotSupported, reply.Errno);
        Assert.Equal(16u, reply.Header.MessageSize);
        Assert.Equal(1, harness.Logger.Count(LogLevel.Warning, "DeviceGetRegionIoFds"));
    }

    [Fact]
    public void UnsupportedCommandWithNoReplyIsNotAnswered()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        client.Send(VfioUserCommand.RegionWriteMulti, new byte[8], noReply: true);
        ushort readId = client.Send(VfioUserCommand.RegionRead, QemuClient.AsBytes(new RegionAccess { Offset = 0, Region = 7, Count = 2 }));
        VfioUserMessage reply = client.Receive();

        Assert.Equal(readId, reply.Header.MessageId);
    }

    [Fact]
    public void CommandBeforeVersionIsRejected()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.Connect();

        VfioUserMessage early = client.Call(VfioUserCommand.DeviceGetInfo, QemuClient.AsBytes(new DeviceInfo { ArgumentSize = DeviceInfo.Size }));
        VfioUserMessage version = client.Version();

        Assert.Equal(Errno.InvalidArgument, early.Errno);
        Assert.False(version.IsError);
    }

    [Fact]
    public void VersionWithAnotherMajorIsRejected()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.Connect();

        VfioUserMessage reply = client.Call(VfioUserCommand.Version, [1, 0, 0, 0, (byte)'{', (byte)'}', 0]);

        Assert.Equal(Errno.InvalidArgument, reply.Errno);
    }

    [Theory]
    [InlineData(8u, 0u)]            // size smaller than the header
    [InlineData(0x7FFF_FFFFu, 0u)]  // size beyond max_data_xfer_size
    [InlineData(16u, 2u)]           // message type 2 is neither command nor reply
    public void MalformedHeaderDisconnectsAndTheServerAcceptsTheNextClient(uint size, uint type)
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        client.SendRaw(0x4242, VfioUserCommand.RegionRead, [], [], (VfioUserMessageFlags)type, 0, sizeOverride: size);

        Assert.True(client.IsClosedByServer());
        Assert.True(harness.ConnectionEnded.Wait(Timeout));
        Assert.Equal(1, harness.Logger.Count(LogLevel.Warning, "id 0x4242"));
        QemuClient next = harness.ConnectAndStart();
        Assert.Equal(TestFunction.VendorId, BitConverter.ToUInt16(next.RegionRead(7, 0, 2)));
    }

    [Fact]
    public void ClientKilledMidStreamReleasesEveryFdAndTheNextClientIsServed()
    {
        using var harness = new ServerHarness();
        GuestRam ram = harness.Own(new GuestRam(0x10000));
        EventFd intx = harness.Own(new EventFd());
        EventFd msix = harness.Own(new EventFd());
        int baseline = TestInterop.OpenFdCount();
        int resetsBefore = harness.Function.ResetCount;
        var client = new QemuClient(harness.SocketPath);
        client.Version();
        client.DmaMap(0, 0x10000, 0, ram.Fd);
        client.GetInfo();
        client.SetIrqs(IrqIndex.Intx, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 1, [intx.Fd]);
        client.SetIrqs(IrqIndex.Msix, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 1, [msix.Fd]);

        client.SendBytes([0x01, 0x00, 0x09, 0x00, 0x20, 0x00]); // the first 6 bytes of a REGION_READ header
        client.Dispose();

        Assert.True(harness.ConnectionEnded.Wait(Timeout));
        Assert.Equal(baseline, TestInterop.OpenFdCount());
        Assert.Equal(0, harness.Server.Memory.RangeCount);
        Assert.Equal(resetsBefore + 1, harness.Function.ResetCount);
        QemuClient next = harness.ConnectAndStart();
        Assert.Equal(TestFunction.VendorId, BitConverter.ToUInt16(next.RegionRead(7, 0, 2)));
    }

    [Fact]
    public void ClientClosingInsideAMessageBodyIsATransportErrorNotACrash()
    {
        using var harness = new ServerHarness();
        var client = new QemuClient(harness.SocketPath);
        client.Version();

        client.SendRaw(7, VfioUserCommand.RegionWrite, new byte[10], [], VfioUserMessageFlags.Command, 0, sizeOverride: 64);
        client.Dispose();

        Assert.True(harness.ConnectionEnded.Wait(Timeout));
        Assert.Equal(1, harness.Logger.Count(LogLevel.Warning, "transport error"));
        Assert.Equal(0, harness.Logger.Count(LogLevel.Error, string.Empty));
    }

    [Fact]
    public async Task StopDisconnectsTheClientAndDisposeRemovesTheSocket()
    {
        var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        await harness.Server.StopAsync().WaitAsync(Timeout);
        bool closed = client.IsClosedByServer();
        harness.Dispose();

        Assert.True(closed);
        Assert.False(File.Exists(harness.SocketPath));
    }

    [Fact]
    public void SocketIsOwnerOnlyByDefault()
    {
        using var harness = new ServerHarness();

        UnixFileMode mode = File.GetUnixFileMode(harness.SocketPath);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public void SocketModeOptionIsApplied()
    {
        const UnixFileMode GroupToo = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        using var harness = new ServerHarness(new VfioUserServerOptions { SocketMode = GroupToo });

        Assert.Equal(GroupToo, File.GetUnixFileMode(harness.SocketPath));
    }

    [Theory]
    [InlineData(nameof(VfioUserServerOptions.MaxPayloadSize))]
    [InlineData(nameof(VfioUserServerOptions.ReadCompletionBoundary))]
    [InlineData(nameof(VfioUserServerOptions.DmaMessageChunkSize))]
    [InlineData(nameof(VfioUserServerOptions.MaxDataTransferSize))]
    public void OutOfRangeOptionFailsConstructionNamingTheKey(string key)
    {
        VfioUserServerOptions options = key switch
        {
            nameof(VfioUserServerOptions.MaxPayloadSize) => new() { MaxPayloadSize = 100 },
            nameof(VfioUserServerOptions.ReadCompletionBoundary) => new() { ReadCompletionBoundary = 32 },
            nameof(VfioUserServerOptions.DmaMessageChunkSize) => new() { DmaMessageChunkSize = 128 * 1024 },
            _ => new() { MaxDataTransferSize = 1024 },
        };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new VfioUserServer("/tmp/unused.sock", new TestFunction(), options, new TestLogger()));

        Assert.Equal(key, error.ParamName);
    }

    [Fact]
    public void StaleSocketFileIsReplaced()
    {
        using var harness = new ServerHarness();
        string path = Path.Combine(Path.GetDirectoryName(harness.SocketPath)!, "stale.sock");
        UnixSocket.Listen(path, UnixFileMode.UserRead | UnixFileMode.UserWrite).Dispose(); // leaves the file behind
        using var server = new VfioUserServer(path, new TestFunction(), new VfioUserServerOptions(), new TestLogger());

        server.Start();

        using var client = new QemuClient(path);
        Assert.False(client.Version().IsError);
    }

    [Fact]
    public void SocketPathOfALiveServerOrARegularFileIsRefused()
    {
        using var harness = new ServerHarness();
        string file = Path.Combine(Path.GetDirectoryName(harness.SocketPath)!, "notes.txt");
        File.WriteAllText(file, "keep me");
        using var second = new VfioUserServer(harness.SocketPath, new TestFunction(), new VfioUserServerOptions(), new TestLogger());
        using var third = new VfioUserServer(file, new TestFunction(), new VfioUserServerOptions(), new TestLogger());

        Assert.ThrowsAny<IOException>(second.Start);
        Assert.ThrowsAny<IOException>(third.Start);

        Assert.Equal("keep me", File.ReadAllText(file));
        Assert.False(harness.Connect().Version().IsError);
    }
}
