using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Cosim.Server.Link;
using Cosim.Server.Tests.Fakes;
using Cosim.Tlp;
using Cosim.Tlp.Link;

namespace Cosim.Server.Tests.Link;

/// <summary>The link against hand-driven peers: authentication, protocol violations, keep-alive, silent servers.</summary>
public sealed class LinkProtocolTests
{
    private static readonly byte[] s_secret = [.. Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i))];
    private static readonly byte[] s_otherSecret = [.. Enumerable.Range(0, 32).Select(i => (byte)(0x10 + i))];

    [Fact]
    public async Task WrongSecretIsRefusedWithAuthenticationFailed()
    {
        await using LinkTestbed testbed = LinkTestbed.StartServer(secret: s_secret);
        using RawLink client = await RawLink.ConnectAsync(testbed.EndPoint);

        LinkHandshakeState state = await client.HandshakeAsync(LinkRole.Client, new LinkAuthenticator(s_otherSecret));

        Assert.Equal(LinkHandshakeState.PeerClosed, state);
        Assert.True(await client.ReadsEndOfStreamAsync());
        Assert.DoesNotContain(testbed.Server.Connections, c => c.IsEstablished);
    }

    [Fact]
    public async Task WrongSecretEndsTheEndpointsLinkWithTheServersReason()
    {
        await using LinkTestbed testbed = LinkTestbed.StartServer(secret: s_secret);
        Task established = testbed.StartClient(s_otherSecret);
        Task<LinkCloseReason> ended = testbed.NextLinkEnd();

        LinkCloseReason reason = await ended;

        Assert.Equal(LinkCloseKind.PeerError, reason.Kind);
        Assert.Equal(LinkErrorCode.AuthenticationFailed, reason.Code);
        Assert.False(reason.WasEstablished);
        Assert.False(established.IsCompleted);
    }

    [Fact]
    public async Task ClientWithoutSecretIsRefusedByServerWithSecret()
    {
        await using LinkTestbed testbed = LinkTestbed.StartServer(secret: s_secret);
        using RawLink client = await RawLink.ConnectAsync(testbed.EndPoint);

        LinkHandshakeState state = await client.HandshakeAsync(LinkRole.Client, LinkAuthenticator.CreateUnauthenticated());

        Assert.Equal(LinkHandshakeState.PeerClosed, state);
    }

    [Fact]
    public async Task ClientWithSecretRefusesServerWithout()
    {
        await using LinkTestbed testbed = LinkTestbed.StartServer();
        using RawLink client = await RawLink.ConnectAsync(testbed.EndPoint);

        LinkHandshakeState state = await client.HandshakeAsync(LinkRole.Client, new LinkAuthenticator(s_secret));

        Assert.Equal(LinkHandshakeState.PeerClosed, state);
    }

    [Fact]
    public async Task BadMagicGetsAnErrorFrameAndDisconnectWithoutCrashingTheServer()
    {
        await using LinkTestbed testbed = LinkTestbed.StartServer();
        using RawLink bad = await RawLink.ConnectAsync(testbed.EndPoint);
        await bad.HandshakeAsync(LinkRole.Client, LinkAuthenticator.CreateUnauthenticated());

        // 16 header bytes with magic "XX" instead of "CL".
        await bad.SendRawAsync([0x58, 0x58, 0x01, 0x10, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0]);
        (LinkFrameHeader header, byte[] body) = await bad.ReadFrameAsync(LinkFrameType.Error);
        bool closed = await bad.ReadsEndOfStreamAsync();
        Task established = testbed.StartClient(secret: null);
        await established;
        uint ids = await testbed.Roots[0].ConfigReadAsync(0x00);

        Assert.Equal(LinkErrorCode.ProtocolViolation, (LinkErrorCode)BinaryPrimitives.ReadUInt16BigEndian(body));
        Assert.Equal(LinkFrameType.Error, header.Type);
        Assert.True(closed);
        Assert.Equal(0xC05A_1234u, ids);
    }

    [Fact]
    public async Task MalformedTlpGetsMalformedTlpErrorAndResetsTheDevice()
    {
        await using LinkTestbed testbed = LinkTestbed.StartServer();
        using RawLink bad = await RawLink.ConnectAsync(testbed.EndPoint);
        await bad.HandshakeAsync(LinkRole.Client, LinkAuthenticator.CreateUnauthenticated());
        Task reset = testbed.NextDeviceResetAfterDrop(0);
        await bad.SendTlpsAsync(new LinkChannel(0, 0), (TlpHeader.ConfigRead(default, 1, PcieId.From(1, 0, 0), 0, 4), []));

        // A Tlps frame for device 0 (Length 12, the next Sequence) whose TLP is CfgRd0 with Length 2
        // (Fmt/Type 04h, Length 002h, Requester 0000h, Tag 02h, BE 0Fh, 01:00.0 register 0): "LengthMustBeOne".
        byte sequence = (byte)bad.Writer.NextSequence;
        byte[] frame =
        [
            0x43, 0x4C, 0x01, 0x10, 0x00, 0x00, 0x00, 0x0C, 0x00, 0x00, 0x00, sequence, 0x00, 0x00, 0x00, 0x00,
            0x04, 0x00, 0x00, 0x02, 0x00, 0x00, 0x02, 0x0F, 0x01, 0x00, 0x00, 0x00,
        ];
        await bad.SendRawAsync(frame);
        (_, byte[] body) = await bad.ReadFrameAsync(LinkFrameType.Error);
        await reset;

        Assert.Equal(LinkErrorCode.MalformedTlp, (LinkErrorCode)BinaryPrimitives.ReadUInt16BigEndian(body));
        Assert.True(await bad.ReadsEndOfStreamAsync());
    }

    [Fact]
    public async Task TlpsForAnUnknownDeviceGetUnknownChannel()
    {
        await using LinkTestbed testbed = LinkTestbed.StartServer();
        using RawLink client = await RawLink.ConnectAsync(testbed.EndPoint);
        await client.HandshakeAsync(LinkRole.Client, LinkAuthenticator.CreateUnauthenticated());

        await client.SendTlpsAsync(new LinkChannel(9, 0), (TlpHeader.ConfigRead(default, 1, PcieId.From(1, 0, 0), 0, 4), []));
        (_, byte[] body) = await client.ReadFrameAsync(LinkFrameType.Error);

        Assert.Equal(LinkErrorCode.UnknownChannel, (LinkErrorCode)BinaryPrimitives.ReadUInt16BigEndian(body));
    }

    [Fact]
    public async Task DeviceServedToOneConnectionIsRefusedToAnother()
    {
        await using LinkTestbed testbed = await LinkTestbed.StartAsync();
        using RawLink second = await RawLink.ConnectAsync(testbed.EndPoint);
        await second.HandshakeAsync(LinkRole.Client, LinkAuthenticator.CreateUnauthenticated());

        await second.SendTlpsAsync(new LinkChannel(0, 0), (TlpHeader.ConfigRead(default, 1, PcieId.From(1, 0, 0), 0, 4), []));
        (_, byte[] body) = await second.ReadFrameAsync(LinkFrameType.Error);
        uint ids = await testbed.Roots[0].ConfigReadAsync(0x00);

        Assert.Equal(LinkErrorCode.UnknownChannel, (LinkErrorCode)BinaryPrimitives.ReadUInt16BigEndian(body));
        Assert.Equal(0xC05A_1234u, ids);
    }

    [Fact]
    public async Task KeepAliveIsAnsweredWithItsToken()
    {
        await using LinkTestbed testbed = LinkTestbed.StartServer();
        using RawLink client = await RawLink.ConnectAsync(testbed.EndPoint);
        await client.HandshakeAsync(LinkRole.Client, LinkAuthenticator.CreateUnauthenticated());

        client.Writer.WriteKeepAlive(0x0123_4567_89AB_CDEF);
        await client.FlushAsync();
        (_, byte[] body) = await client.ReadFrameAsync(LinkFrameType.KeepAliveAck);

        Assert.Equal(0x0123_4567_89AB_CDEFul, BinaryPrimitives.ReadUInt64BigEndian(body));
    }

    [Fact]
    public async Task RepliesToABatchOfRequestsLeaveAsOneBatch()
    {
        await using LinkTestbed testbed = LinkTestbed.StartServer();
        using RawLink client = await RawLink.ConnectAsync(testbed.EndPoint);
        await client.HandshakeAsync(LinkRole.Client, LinkAuthenticator.CreateUnauthenticated());
        (TlpHeader, byte[])[] reads = [.. Enumerable.Range(0, 8).Select(i => (TlpHeader.ConfigRead(default, (ushort)i, PcieId.From(1, 0, 0), i * 4, 4), Array.Empty<byte>()))];

        await client.SendTlpsAsync(new LinkChannel(0, 0), reads);
        (LinkFrameHeader header, byte[] body) = await client.ReadFrameAsync(LinkFrameType.Tlps);

        Assert.Equal(8 * 16, header.BodyLength); // eight CplD (3 DW header + 1 DW) in one frame
        Assert.Equal(new LinkChannel(0, 0), header.Channel);
        Assert.Equal(16, body.Length / 8);
    }

    [Fact]
    public async Task RequestInFlightWhenTheLinkDropsGetsUnsupportedRequest()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var logs = new RecordingLoggerFactory();
        var proxy = new ProxyFunction(0, "silent", logs.CreateLogger("proxy"));
        var root = new FakeRootComplex(proxy);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        await using var client = new LinkClient([proxy], LinkTestbed.Settings() with { Server = new("127.0.0.1", port) }, logs);
        var established = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Established += _ => established.TrySetResult();
        client.Start();
        using RawLink server = await RawLink.AcceptAsync(listener);
        await server.HandshakeAsync(LinkRole.Server, LinkAuthenticator.CreateUnauthenticated());
        await established.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Task<(TlpHeader Header, byte[] Payload)> read = root.RequestAsync(TlpHeader.MemoryRead(default, 0, 0x8000_0000, 4), []);
        (LinkFrameHeader reset, _) = await server.ReadFrameAsync(LinkFrameType.DeviceReset);
        (LinkFrameHeader request, _) = await server.ReadFrameAsync(LinkFrameType.Tlps);
        server.Close();
        (TlpHeader completion, byte[] payload) = await read;

        Assert.Equal(LinkFrameType.DeviceReset, reset.Type);
        Assert.Equal(new LinkChannel(0, 0), request.Channel);
        Assert.Equal(CompletionStatus.UnsupportedRequest, completion.Status);
        Assert.Empty(payload);
        Assert.Equal(0, proxy.OutstandingCount);
        Assert.True(logs.Contains(123, "1 outstanding request(s) answered with Unsupported Request"), string.Join("\n", logs.Lines));
    }

    [Fact]
    public async Task RequestWhileTheLinkIsDownGetsUnsupportedRequestAtOnce()
    {
        var proxy = new ProxyFunction(0, "alone", new RecordingLoggerFactory().CreateLogger("proxy"));
        var root = new FakeRootComplex(proxy);

        (TlpHeader completion, _) = await root.RequestAsync(TlpHeader.ConfigRead(default, 0, FakeRootComplex.FunctionId, 0, 4), []);

        Assert.Equal(CompletionStatus.UnsupportedRequest, completion.Status);
        Assert.False(proxy.IsLinkUp);
    }
}
