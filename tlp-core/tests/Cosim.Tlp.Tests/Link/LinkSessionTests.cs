using System.Buffers;
using Cosim.Tlp.Link;
using static Cosim.Tlp.Tests.Link.LinkTestKit;

namespace Cosim.Tlp.Tests.Link;

/// <summary>
/// The example session of docs/wire-protocol.md §10, byte for byte: the handshake with the documented nonces and
/// secret, then an MSI and a DMA read from the device (server → client) and the read's completion (client → server).
/// </summary>
public sealed class LinkSessionTests
{
    // Client → server.
    private const string ClientToServer =
        LinkFrameVectors.Hello +
        "434C0103 00000020 00000001 00000000" + LinkFrameVectors.ClientProof +
        // CplD (Fmt 010b Type 01010b → 4Ah), Length 2, Completer 00:00.0, SC, Byte Count 8, Requester 01:00.0, Tag 05h,
        // Lower Address 0, data 11 22 .. 88.
        "434C0110 00000014 00000002 00030000 4A000002 00000008 01000500 11223344 55667788";

    // Server → client.
    private const string ServerToClient =
        LinkFrameVectors.HelloAck +
        "434C0104 00000020 00000001 00000000" + LinkFrameVectors.ServerProof +
        // The MSI of LinkFrameVectors.MsiTlps, now with sequence 2.
        "434C0110 00000010 00000002 00030000 40000001 0100000F FEE00000 21000000" +
        // MRd 4 DW (Fmt 001b → 20h), Length 2, Requester 01:00.0, Tag 05h, BE FFh, Address 1_0000_0000h.
        "434C0110 00000010 00000003 00030000 20000002 010005FF 00000001 00000000";

    private static readonly TlpHeader s_dmaRead = TlpHeader.MemoryRead(new PcieId(0x0100), tag: 5, address: 0x1_0000_0000, byteCount: 8);

    [Fact]
    public void WritersProduceTheDocumentedSession()
    {
        var clientOutput = new ArrayBufferWriter<byte>();
        var serverOutput = new ArrayBufferWriter<byte>();
        var client = new LinkFrameWriter(clientOutput);
        var server = new LinkFrameWriter(serverOutput);
        var channel = new LinkChannel(3, 0);
        LinkParameters parameters = Parameters(LinkFeatures.TlpTimestamps);

        client.WriteHello(LinkFrameVectors.HelloWith(LinkFrameVectors.ClientNonce));
        server.WriteHelloAck(LinkFrameVectors.HelloWith(LinkFrameVectors.ServerNonce));
        client.WriteAuth(Hex(LinkFrameVectors.ClientProof));
        server.WriteAuthOk(Hex(LinkFrameVectors.ServerProof));
        server.Establish(parameters);
        client.Establish(parameters);
        server.BeginTlps(channel);
        server.AppendTlp(MsiWrite, MsiPayload);
        server.Complete();
        server.BeginTlps(channel);
        server.AppendTlp(s_dmaRead, []);
        server.Complete();
        client.BeginTlps(channel);
        client.AppendTlp(
            TlpHeader.CompletionFor(s_dmaRead, default, CompletionStatus.SuccessfulCompletion, dataDwords: 2, byteCount: 8, lowerAddress: 0),
            Hex("11223344 55667788"));
        client.Complete();

        Assert.Equal(Hex(ClientToServer), clientOutput.WrittenSpan.ToArray());
        Assert.Equal(Hex(ServerToClient), serverOutput.WrittenSpan.ToArray());
    }

    [Fact]
    public void ReadersAcceptTheDocumentedSessionAndTheProofsVerify()
    {
        var authenticator = new LinkAuthenticator(Secret);
        LinkHello hello = LinkFrameVectors.HelloWith(LinkFrameVectors.ClientNonce);
        LinkHello helloAck = LinkFrameVectors.HelloWith(LinkFrameVectors.ServerNonce);

        var fromClient = ReadSession(Hex(ClientToServer));
        var fromServer = ReadSession(Hex(ServerToClient));

        Assert.Equal(hello, LinkHello.Decode(fromClient[0]));
        Assert.Equal(helloAck, LinkHello.Decode(fromServer[0]));
        Assert.True(authenticator.VerifyProof(LinkRole.Client, hello, helloAck, fromClient[1].Body.ToArray()));
        Assert.True(authenticator.VerifyProof(LinkRole.Server, hello, helloAck, fromServer[1].Body.ToArray()));
        Assert.Equal(s_dmaRead, ReadTlps(fromServer[3])[0].Header);
        Assert.Equal(Hex("11223344 55667788"), ReadTlps(fromClient[2])[0].Payload);
    }

    // Two handshake frames, then traffic: the reader is established between them, as LinkHandshake would do.
    private static List<LinkFrame> ReadSession(byte[] stream)
    {
        var buffer = new ReadOnlySequence<byte>(stream);
        var reader = new LinkFrameReader();
        var frames = new List<LinkFrame>();
        while (reader.TryReadFrame(ref buffer, out LinkFrame frame))
        {
            frames.Add(frame);
            if (frames.Count == 2)
            {
                reader.Establish(Parameters(LinkFeatures.TlpTimestamps));
            }
        }

        Assert.True(buffer.IsEmpty);
        return frames;
    }
}
