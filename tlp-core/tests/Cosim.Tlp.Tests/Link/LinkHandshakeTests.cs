using System.Buffers;
using Cosim.Tlp.Link;

namespace Cosim.Tlp.Tests.Link;

public sealed class LinkHandshakeTests
{
    [Fact]
    public void HmacHandshakeEstablishesBothSidesWithTheNarrowerParameters()
    {
        var client = Side.Client(new LinkAuthenticator(LinkTestKit.Secret), new LinkOptions
        {
            Features = LinkFeatures.TlpTimestamps,
            MaxFrameBodyLength = 65536,
            IdleTimeout = TimeSpan.FromSeconds(30),
        });
        var server = Side.Server(new LinkAuthenticator(LinkTestKit.Secret), new LinkOptions
        {
            Features = LinkFeatures.TlpTimestamps | (LinkFeatures)0x2,
            MaxFrameBodyLength = 16384,
            IdleTimeout = TimeSpan.FromSeconds(10),
        });

        Side.Run(client, server);

        var expected = new LinkParameters(0, LinkFeatures.TlpTimestamps, 16384, TimeSpan.FromSeconds(10));
        Assert.Equal(LinkHandshakeState.Established, client.Handshake.State);
        Assert.Equal(LinkHandshakeState.Established, server.Handshake.State);
        Assert.Equal(expected, client.Handshake.Parameters);
        Assert.Equal(expected, server.Handshake.Parameters);
        Assert.True(client.Reader.IsEstablished && client.Writer.IsEstablished);
        Assert.True(server.Reader.IsEstablished && server.Writer.IsEstablished);
    }

    [Fact]
    public void TrafficFollowsTheHandshakeInBothDirections()
    {
        var client = Side.Client(new LinkAuthenticator(LinkTestKit.Secret), new LinkOptions { Features = LinkFeatures.TlpTimestamps });
        var server = Side.Server(new LinkAuthenticator(LinkTestKit.Secret), new LinkOptions { Features = LinkFeatures.TlpTimestamps });
        Side.Run(client, server);

        server.Writer.BeginTlps(new LinkChannel(3, 0));
        server.Writer.AppendTlp(99, LinkTestKit.MsiWrite, LinkTestKit.MsiPayload);
        server.Writer.Complete();
        client.Writer.WriteKeepAlive(5);
        var toClient = LinkTestKit.ReadAll(client.Reader, new ReadOnlySequence<byte>(server.TakeOutput()));
        var toServer = LinkTestKit.ReadAll(server.Reader, new ReadOnlySequence<byte>(client.TakeOutput()));

        // Hello and Auth took client sequence 0 and 1; HelloAck and AuthOk the server's.
        Assert.Equal(2u, toClient[0].Header.Sequence);
        Assert.Equal(LinkFrameFlags.Timestamped, toClient[0].Header.Flags);
        Assert.Equal(LinkFrameType.KeepAlive, toServer[0].Header.Type);
    }

    [Fact]
    public void UnauthenticatedHandshakeEstablishesWhenNeitherSideHasASecret()
    {
        var client = Side.Client(LinkAuthenticator.CreateUnauthenticated());
        var server = Side.Server(LinkAuthenticator.CreateUnauthenticated());

        Side.Run(client, server);

        Assert.Equal(LinkHandshakeState.Established, client.Handshake.State);
        Assert.Equal(LinkHandshakeState.Established, server.Handshake.State);
    }

    [Fact]
    public void ClientWithWrongSecretIsRefusedAndToldWhy()
    {
        var client = Side.Client(new LinkAuthenticator("fedcba9876543210fedcba9876543210"u8));
        var server = Side.Server(new LinkAuthenticator(LinkTestKit.Secret));
        client.Handshake.Start();
        server.Handshake.Start();
        Side.Deliver(client, server);
        Side.Deliver(server, client);

        var error = Assert.Throws<LinkFormatException>(() => Side.Deliver(client, server));
        server.Writer.WriteError(error);
        Side.Deliver(server, client);

        Assert.Equal(LinkRule.ProofMismatch, error.Rule);
        Assert.Equal(LinkHandshakeState.Failed, server.Handshake.State);
        Assert.False(server.Reader.IsEstablished);
        Assert.Equal(LinkHandshakeState.PeerClosed, client.Handshake.State);
        Assert.Equal(LinkErrorCode.AuthenticationFailed, client.Handshake.PeerError?.Code);
    }

    [Fact]
    public void ServerProofTamperedInTransitIsRefusedByTheClient()
    {
        var client = Side.Client(new LinkAuthenticator(LinkTestKit.Secret));
        var server = Side.Server(new LinkAuthenticator(LinkTestKit.Secret));
        client.Handshake.Start();
        server.Handshake.Start();
        Side.Deliver(client, server);
        Side.Deliver(server, client);
        Side.Deliver(client, server);
        byte[] authOk = server.TakeOutput();
        authOk[^1] ^= 0x01;

        var error = Assert.Throws<LinkFormatException>(() => client.Receive(authOk));

        Assert.Equal(LinkRule.ProofMismatch, error.Rule);
        Assert.False(client.Reader.IsEstablished);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void OneSideWithASecretAndOneWithoutIsRefused(bool clientHasSecret, bool serverHasSecret)
    {
        var client = Side.Client(clientHasSecret ? new LinkAuthenticator(LinkTestKit.Secret) : LinkAuthenticator.CreateUnauthenticated());
        var server = Side.Server(serverHasSecret ? new LinkAuthenticator(LinkTestKit.Secret) : LinkAuthenticator.CreateUnauthenticated());
        client.Handshake.Start();
        server.Handshake.Start();

        var error = Assert.Throws<LinkFormatException>(() => Side.Deliver(client, server));

        Assert.Equal(LinkRule.AuthenticationModeMismatch, error.Rule);
        Assert.Equal(LinkErrorCode.AuthenticationFailed, error.ErrorCode);
    }

    [Fact]
    public void ReplayedHelloIsRefused()
    {
        var serverAuthenticator = new LinkAuthenticator(LinkTestKit.Secret);
        var client = Side.Client(new LinkAuthenticator(LinkTestKit.Secret));
        client.Handshake.Start();
        byte[] recordedHello = client.TakeOutput();
        var first = Side.Server(serverAuthenticator);
        first.Handshake.Start();
        first.Receive(recordedHello);
        var second = Side.Server(serverAuthenticator);
        second.Handshake.Start();

        var error = Assert.Throws<LinkFormatException>(() => second.Receive(recordedHello));

        Assert.Equal(LinkRule.NonceReplayed, error.Rule);
    }

    [Fact]
    public void ReplayedAuthDoesNotAnswerANewChallenge()
    {
        // A recorded session: the attacker keeps the client's Auth frame.
        var serverAuthenticator = new LinkAuthenticator(LinkTestKit.Secret);
        var client = Side.Client(new LinkAuthenticator(LinkTestKit.Secret));
        var server = Side.Server(serverAuthenticator);
        client.Handshake.Start();
        server.Handshake.Start();
        Side.Deliver(client, server);
        Side.Deliver(server, client);
        byte[] recordedAuth = client.TakeOutput();

        // The attacker, without the secret, opens a new connection with a fresh Hello and replays the Auth.
        var attacker = Side.Client(new LinkAuthenticator("attacker-does-not-know-the-key!!"u8));
        attacker.Handshake.Start();
        byte[] freshHello = attacker.TakeOutput();
        var victim = Side.Server(serverAuthenticator);
        victim.Handshake.Start();
        victim.Receive(freshHello);

        var error = Assert.Throws<LinkFormatException>(() => victim.Receive(recordedAuth));

        Assert.Equal(LinkRule.ProofMismatch, error.Rule);
    }

    [Fact]
    public void HelloAckReflectingTheClientNonceIsRefused()
    {
        var client = Side.Client(new LinkAuthenticator(LinkTestKit.Secret));
        client.Handshake.Start();
        byte[] hello = client.TakeOutput();
        hello[3] = (byte)LinkFrameType.HelloAck; // the attacker bounces the client's own Hello back as HelloAck

        var error = Assert.Throws<LinkFormatException>(() => client.Receive(hello));

        Assert.Equal(LinkRule.NonceReplayed, error.Rule);
    }

    [Fact]
    public void HelloWithZeroNonceIsRefused()
    {
        var server = Side.Server(new LinkAuthenticator(LinkTestKit.Secret));
        server.Handshake.Start();
        byte[] hello = LinkTestKit.Hex(LinkFrameVectors.Hello);
        Array.Clear(hello, LinkFrameHeader.Size + 20, LinkNonce.Size);

        var error = Assert.Throws<LinkFormatException>(() => server.Receive(hello));

        Assert.Equal(LinkRule.ZeroNonce, error.Rule);
        Assert.Equal(LinkHandshakeState.Failed, server.Handshake.State);
    }

    // Body offsets of HelloAck: 0-1 MinorVersion, 4-7 MaxFrameBodyLength, 8-15 Features, 16-19 IdleTimeoutMilliseconds.
    [Theory]
    [InlineData(0, "0001", "MinorVersion")] // the client speaks 1.0; the server may not pick 1.1
    [InlineData(4, "00020000", "MaxFrameBodyLength")] // 128 KiB, more than the client's 64 KiB
    [InlineData(8, "0000000000000002", "Features")] // a feature the client did not offer
    [InlineData(16, "00000000", "IdleTimeoutMilliseconds")] // no timeout, though the client asked for 30 s
    [InlineData(16, "00009C40", "IdleTimeoutMilliseconds")] // 40 s, longer than the client's 30 s
    public void HelloAckThatWidensTheOfferIsRefused(int offset, string value, string field)
    {
        var client = Side.Client(LinkAuthenticator.CreateUnauthenticated());
        var server = Side.Server(LinkAuthenticator.CreateUnauthenticated());
        client.Handshake.Start();
        server.Handshake.Start();
        Side.Deliver(client, server);
        byte[] helloAck = server.TakeOutput();
        LinkTestKit.Hex(value).CopyTo(helloAck, LinkFrameHeader.Size + offset);

        var error = Assert.Throws<LinkFormatException>(() => client.Receive(helloAck));

        Assert.Equal(LinkRule.NegotiationViolated, error.Rule);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void AuthBeforeHelloIsUnexpected()
    {
        var server = Side.Server(new LinkAuthenticator(LinkTestKit.Secret));
        server.Handshake.Start();
        var output = new ArrayBufferWriter<byte>();
        new LinkFrameWriter(output).WriteAuth(new byte[32]);

        var error = Assert.Throws<LinkFormatException>(() => server.Receive(output.WrittenSpan.ToArray()));

        Assert.Equal(LinkRule.UnexpectedFrameType, error.Rule);
        Assert.Equal((ulong)LinkFrameType.Auth, error.Value);
    }

    [Fact]
    public void ErrorFromThePeerEndsTheHandshakeWithoutAnAnswer()
    {
        var server = Side.Server(new LinkAuthenticator(LinkTestKit.Secret));
        server.Handshake.Start();
        var output = new ArrayBufferWriter<byte>();
        new LinkFrameWriter(output).WriteError(LinkErrorCode.Shutdown, "going away");

        server.Receive(output.WrittenSpan.ToArray());

        Assert.Equal(LinkHandshakeState.PeerClosed, server.Handshake.State);
        Assert.Equal(new LinkError(LinkErrorCode.Shutdown, "going away"), server.Handshake.PeerError);
        Assert.Empty(server.TakeOutput());
    }

    [Fact]
    public void ReceiveAfterTheHandshakeIsACallerBug()
    {
        var client = Side.Client(LinkAuthenticator.CreateUnauthenticated());
        var server = Side.Server(LinkAuthenticator.CreateUnauthenticated());
        Side.Run(client, server);

        Assert.Throws<InvalidOperationException>(() => server.Handshake.Receive(default));
    }

    [Fact]
    public void BadOptionsFailAtConstructionAndNameTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Side.Client(
            LinkAuthenticator.CreateUnauthenticated(),
            new LinkOptions { IdleTimeout = TimeSpan.FromMilliseconds(10) }));

        Assert.Equal("IdleTimeout", error.ParamName);
    }

    /// <summary>One end of an in-memory link: what it writes accumulates in Output until delivered.</summary>
    private sealed class Side
    {
        private readonly ArrayBufferWriter<byte> _output = new();
        private byte[] _inbox = [];

        private Side(LinkRole role, LinkAuthenticator authenticator, LinkOptions? options)
        {
            Reader = new LinkFrameReader();
            Writer = new LinkFrameWriter(_output);
            Handshake = new LinkHandshake(role, authenticator, options ?? new LinkOptions(), Reader, Writer);
        }

        public LinkFrameReader Reader { get; }

        public LinkFrameWriter Writer { get; }

        public LinkHandshake Handshake { get; }

        public static Side Client(LinkAuthenticator authenticator, LinkOptions? options = null) => new(LinkRole.Client, authenticator, options);

        public static Side Server(LinkAuthenticator authenticator, LinkOptions? options = null) => new(LinkRole.Server, authenticator, options);

        public static void Run(Side client, Side server)
        {
            client.Handshake.Start();
            server.Handshake.Start();
            Deliver(client, server); // Hello
            Deliver(server, client); // HelloAck
            Deliver(client, server); // Auth
            Deliver(server, client); // AuthOk
        }

        public static void Deliver(Side from, Side to) => to.Receive(from.TakeOutput());

        public byte[] TakeOutput()
        {
            byte[] bytes = _output.WrittenSpan.ToArray();
            _output.Clear();
            return bytes;
        }

        // Feeds frames to the handshake while it awaits them; bytes after it stay in the inbox.
        public void Receive(byte[] bytes)
        {
            var buffer = new ReadOnlySequence<byte>([.. _inbox, .. bytes]);
            while (IsAwaiting(Handshake.State) && Reader.TryReadFrame(ref buffer, out LinkFrame frame))
            {
                Handshake.Receive(frame);
            }

            _inbox = buffer.ToArray();
        }

        private static bool IsAwaiting(LinkHandshakeState state) => state is LinkHandshakeState.AwaitingHello
            or LinkHandshakeState.AwaitingHelloAck or LinkHandshakeState.AwaitingAuth or LinkHandshakeState.AwaitingAuthOk;
    }
}
