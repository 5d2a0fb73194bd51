using System.Buffers;
using Cosim.Tlp.Link;

namespace Cosim.Tlp.Tests.Link;

/// <summary>
/// Mutates valid frame streams (bit flips, overwritten bytes and length fields, truncation, extension, insertion)
/// and feeds them, cut into 1-3 segments, through the frame reader, the batch reader, the message decoders and a
/// server handshake. Only <see cref="LinkFormatException"/> may escape; spans are bounds-checked, so an
/// out-of-bounds read would surface as another exception and fail the test. The seed is fixed.
/// </summary>
public sealed class LinkFuzzTests
{
    private const int Iterations = 100_000;
    private const int Seed = 0x1C05_1A7E;

    private static readonly byte[] s_trafficStream = BuildTrafficStream();
    private static readonly byte[] s_handshakeStream = BuildHandshakeStream();

    [Fact]
    public void MutatedStreamsRaiseOnlyLinkFormatException()
    {
        var random = new Random(Seed);
        var outcomes = new Outcomes();
        byte[] scratch = new byte[TlpBatchReader.ScratchBytes];

        for (int i = 0; i < Iterations; i++)
        {
            bool handshake = random.Next(8) == 0;
            byte[] input = Mutate(random, handshake ? s_handshakeStream : s_trafficStream);
            ReadOnlySequence<byte> buffer = Segment(random, input);
            try
            {
                if (handshake)
                {
                    ConsumeHandshake(buffer, outcomes);
                }
                else
                {
                    ConsumeTraffic(buffer, scratch, outcomes);
                }
            }
            catch (LinkFormatException violation)
            {
                outcomes.Violations++;
                outcomes.Rules.Add(violation.Rule);
            }
            catch (Exception exception)
            {
                Assert.Fail($"Iteration {i}: {exception.GetType().Name} escaped for input {Convert.ToHexString(input)}: {exception}");
            }
        }

        // The fuzzer reaches every depth: whole frames, TLPs inside them, violations and incomplete input.
        Assert.True(outcomes.Frames > Iterations, $"frames {outcomes.Frames}");
        Assert.True(outcomes.Tlps > Iterations, $"TLPs {outcomes.Tlps}");
        Assert.True(outcomes.Violations > Iterations / 10, $"violations {outcomes.Violations}");
        Assert.True(outcomes.NeedMore > Iterations / 10, $"need more {outcomes.NeedMore}");
        Assert.True(outcomes.HandshakeSteps > Iterations / 100, $"handshake steps {outcomes.HandshakeSteps}");
        Assert.Superset(
            new HashSet<LinkRule>
            {
                LinkRule.BadMagic, LinkRule.UnsupportedVersion, LinkRule.UnknownFrameType, LinkRule.ReservedFlagsSet,
                LinkRule.ReservedFieldNotZero, LinkRule.FrameTooLarge, LinkRule.BodyLengthMismatch, LinkRule.ProofMismatch,
                LinkRule.SequenceMismatch, LinkRule.TruncatedTlp, LinkRule.MalformedTlp, LinkRule.ParameterOutOfRange,
            },
            outcomes.Rules);
    }

    private static void ConsumeTraffic(ReadOnlySequence<byte> buffer, byte[] scratch, Outcomes outcomes)
    {
        var reader = LinkTestKit.EstablishedReader(LinkFeatures.TlpTimestamps, maxFrameBodyLength: 8192);
        long before = buffer.Length;
        while (reader.TryReadFrame(ref buffer, out LinkFrame frame))
        {
            outcomes.Frames++;
            if (frame.Body.Length != frame.Header.BodyLength || buffer.Length >= before)
            {
                Assert.Fail($"Frame {frame.Header} does not match the bytes it consumed.");
            }

            switch (frame.Type)
            {
                case LinkFrameType.Tlps:
                    var batch = new TlpBatchReader(frame, scratch);
                    while (batch.TryReadNext(out TlpHeader header, out ReadOnlySpan<byte> payload))
                    {
                        if (payload.Length != header.PayloadSize)
                        {
                            Assert.Fail($"TLP {header} came with {payload.Length} payload bytes.");
                        }

                        outcomes.Tlps++;
                    }

                    break;
                case LinkFrameType.KeepAlive or LinkFrameType.KeepAliveAck:
                    LinkKeepAlive.ReadToken(frame);
                    break;
                case LinkFrameType.Error:
                    LinkError.Decode(frame);
                    break;
            }
        }

        if (!buffer.IsEmpty)
        {
            outcomes.NeedMore++;
        }
    }

    private static void ConsumeHandshake(ReadOnlySequence<byte> buffer, Outcomes outcomes)
    {
        var output = new ArrayBufferWriter<byte>();
        var reader = new LinkFrameReader();
        var handshake = new LinkHandshake(LinkRole.Server, LinkAuthenticator.CreateUnauthenticated(), new LinkOptions(), reader, new LinkFrameWriter(output));
        handshake.Start();
        while (handshake.State is LinkHandshakeState.AwaitingHello or LinkHandshakeState.AwaitingAuth
            && reader.TryReadFrame(ref buffer, out LinkFrame frame))
        {
            outcomes.Frames++;
            if (frame.Type is LinkFrameType.Hello or LinkFrameType.HelloAck)
            {
                LinkHello.Decode(frame);
            }

            handshake.Receive(frame);
            outcomes.HandshakeSteps++;
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            int kind = random.Next(100);
            if (kind < 40)
            {
                // Flip one bit: reaches every header and TLP field rule without losing the framing.
                bytes[at] ^= (byte)(1 << random.Next(8));
            }
            else if (kind < 60)
            {
                bytes[at] = random.Next(4) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x80, _ => (byte)random.Next(256) };
            }
            else if (kind < 70)
            {
                // The DW after a 4-aligned one (where a frame's Length sits) gets a small or a huge value.
                int length = (at & ~3) + 4;
                uint value = random.Next(2) == 0 ? (uint)random.Next(64) : (uint)random.Next();
                for (int b = 0; b < 4 && length + b < bytes.Count; b++)
                {
                    bytes[length + b] = (byte)(value >> (24 - (8 * b)));
                }
            }
            else if (kind < 85)
            {
                bytes.RemoveRange(at, bytes.Count - at);
            }
            else if (kind < 93)
            {
                for (int n = random.Next(1, 24); n > 0; n--)
                {
                    bytes.Add((byte)random.Next(256));
                }
            }
            else if (kind < 97)
            {
                for (int n = random.Next(1, 5); n > 0; n--)
                {
                    bytes.Insert(at, (byte)random.Next(256));
                }
            }
            else
            {
                bytes.RemoveRange(at, Math.Min(random.Next(1, 5), bytes.Count - at));
            }
        }

        return [.. bytes];
    }

    private static ReadOnlySequence<byte> Segment(Random random, byte[] input)
    {
        int pieces = random.Next(3);
        if (pieces == 0 || input.Length == 0)
        {
            return new ReadOnlySequence<byte>(input);
        }

        int first = random.Next(input.Length + 1);
        if (pieces == 1)
        {
            return SegmentedSequence.Split(input, first);
        }

        int second = random.Next(first, input.Length + 1);
        return SegmentedSequence.Split(input, first, second);
    }

    // Every frame type of the traffic phase, with TLPs of every header size, with and without data and timestamps.
    private static byte[] BuildTrafficStream()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = LinkTestKit.EstablishedWriter(output, LinkFeatures.TlpTimestamps, maxFrameBodyLength: 8192);
        var requester = new PcieId(0x0100);
        var read = TlpHeader.MemoryRead(requester, 5, 0x1_0000_0000, 8);

        writer.BeginTlps(new LinkChannel(3, 0));
        writer.AppendTlp(LinkTestKit.MsiWrite, LinkTestKit.MsiPayload);
        writer.AppendTlp(read, []);
        writer.AppendTlp(TlpHeader.InterruptMessage(requester, InterruptPin.IntA, assert: true), []);
        writer.AppendTlp(TlpHeader.CompletionFor(read, new PcieId(0x0200), CompletionStatus.SuccessfulCompletion, 2, 8, 0), new byte[8]);
        writer.AppendTlp(TlpHeader.ConfigRead(requester, 1, new PcieId(0x0200), 0x10, 4), []);
        writer.Complete();
        writer.WriteKeepAlive(42);
        writer.BeginTlps(new LinkChannel(4, 1));
        writer.AppendTlp(17, TlpHeader.MemoryWrite(requester, 0, 0x2000, 16), new byte[16]);
        writer.AppendTlp(18, TlpHeader.UnsupportedRequestFor(read, new PcieId(0x0200)), []);
        writer.Complete();
        writer.WriteDeviceReset(4);
        writer.WriteError(LinkErrorCode.Shutdown, "bye");
        return output.WrittenSpan.ToArray();
    }

    private static byte[] BuildHandshakeStream()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new LinkFrameWriter(output);
        writer.WriteHello(LinkFrameVectors.HelloWith(LinkFrameVectors.ClientNonce) with { AuthenticationMode = LinkAuthenticationMode.None });
        writer.WriteAuth(new byte[LinkAuthenticator.ProofBytes]);
        return output.WrittenSpan.ToArray();
    }

    private sealed class Outcomes
    {
        public long Frames { get; set; }

        public long Tlps { get; set; }

        public long Violations { get; set; }

        public long NeedMore { get; set; }

        public long HandshakeSteps { get; set; }

        public HashSet<LinkRule> Rules { get; } = [];
    }
}
