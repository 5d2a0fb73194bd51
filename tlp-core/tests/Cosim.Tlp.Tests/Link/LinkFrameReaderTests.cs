using System.Buffers;
using Cosim.Tlp.Link;
using static Cosim.Tlp.Tests.Link.LinkTestKit;

namespace Cosim.Tlp.Tests.Link;

public sealed class LinkFrameReaderTests
{
    [Fact]
    public void ReadsMsiTlpsFrameFieldByField()
    {
        var buffer = new ReadOnlySequence<byte>(Hex(LinkFrameVectors.MsiTlps));
        var reader = EstablishedReader();

        bool read = reader.TryReadFrame(ref buffer, out LinkFrame frame);

        Assert.True(read);
        Assert.Equal(LinkFrameType.Tlps, frame.Type);
        Assert.Equal(new LinkChannel(3, 0), frame.Channel);
        Assert.Equal(0u, frame.Header.Sequence);
        Assert.Equal(LinkFrameFlags.None, frame.Header.Flags);
        Assert.Equal(16, frame.Header.BodyLength);
        Assert.Equal(Hex("40000001 0100000F FEE00000 21000000"), frame.Body.ToArray());
        Assert.True(buffer.IsEmpty);
        Assert.Equal(1u, reader.ExpectedSequence);
    }

    [Theory]
    [MemberData(nameof(LinkFrameVectors.TrafficFrames), MemberType = typeof(LinkFrameVectors))]
    public void EveryProperPrefixNeedsMoreAndConsumesNothing(string name, string hex)
    {
        byte[] frame = Hex(hex);
        var reader = EstablishedReader(LinkFeatures.TlpTimestamps);

        for (int length = 0; length < frame.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, length);

            bool read = reader.TryReadFrame(ref buffer, out _);

            Assert.False(read, $"{name}: prefix of {length} bytes");
            Assert.Equal(length, buffer.Length);
            Assert.Equal(0u, reader.ExpectedSequence);
        }
    }

    [Theory]
    [MemberData(nameof(LinkFrameVectors.TrafficFrames), MemberType = typeof(LinkFrameVectors))]
    public void EverySplitIntoTwoSegmentsReadsTheSameFrame(string name, string hex)
    {
        byte[] bytes = Hex(hex);
        var contiguous = ReadAll(EstablishedReader(LinkFeatures.TlpTimestamps), new ReadOnlySequence<byte>(bytes));

        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            var split = ReadAll(EstablishedReader(LinkFeatures.TlpTimestamps), SegmentedSequence.Split(bytes, cut));

            Assert.Equal(contiguous.Count, split.Count);
            Assert.Equal(contiguous[0].Header, split[0].Header);
            Assert.True(contiguous[0].Body.AsSpan().SequenceEqual(split[0].Body), $"{name}: cut at {cut}");
        }
    }

    [Fact]
    public void ReadsBackToBackFramesAndCountsSequence()
    {
        byte[] stream = [.. Hex(LinkFrameVectors.MsiTlps), .. Hex(LinkFrameVectors.KeepAlive.Replace("00000000 00000000 0123", "00000001 00000000 0123", StringComparison.Ordinal))];
        var buffer = new ReadOnlySequence<byte>(stream);
        var reader = EstablishedReader();

        Assert.True(reader.TryReadFrame(ref buffer, out LinkFrame first));
        Assert.True(reader.TryReadFrame(ref buffer, out LinkFrame second));
        bool third = reader.TryReadFrame(ref buffer, out _);

        Assert.Equal(LinkFrameType.Tlps, first.Type);
        Assert.Equal(LinkFrameType.KeepAlive, second.Type);
        Assert.Equal(0x0123456789ABCDEFul, LinkKeepAlive.ReadToken(second));
        Assert.False(third);
        Assert.Equal(2u, reader.ExpectedSequence);
    }

    [Fact]
    public void BodySpanningSegmentsIsASliceNotACopy()
    {
        byte[] bytes = Hex(LinkFrameVectors.IntxTlps);
        var buffer = SegmentedSequence.Split(bytes, 20, 40);

        EstablishedReader().TryReadFrame(ref buffer, out LinkFrame frame);

        Assert.False(frame.Body.IsSingleSegment);
        Assert.Equal(32, frame.Body.Length);
    }

    [Fact]
    public void OversizedFrameFailsAsSoonAsItsHeaderArrives()
    {
        // Length 0001_0001h = 65537, one above the negotiated 64 KiB; only the header is present.
        var buffer = new ReadOnlySequence<byte>(Hex("434C0110 00010001 00000000 00030000"));
        var reader = EstablishedReader();

        var error = Assert.Throws<LinkFormatException>(() => reader.TryReadFrame(ref buffer, out _));

        Assert.Equal(LinkRule.FrameTooLarge, error.Rule);
        Assert.Equal("Length", error.Field);
        Assert.Equal(65537ul, error.Value);
        Assert.Equal(LinkErrorCode.FrameTooLarge, error.ErrorCode);
    }

    [Fact]
    public void HandshakeReaderLimitsBodiesTo4KiB()
    {
        var reader = new LinkFrameReader();

        Assert.Equal(4096, reader.MaxBodyLength);
        Assert.False(reader.IsEstablished);
    }

    [Fact]
    public void HandshakeReaderAcceptsHelloAndErrorButNotTlps()
    {
        var hello = new ReadOnlySequence<byte>(Hex(LinkFrameVectors.Hello));
        var error = new ReadOnlySequence<byte>(Hex(LinkFrameVectors.Error.Replace("434C0130 00000005 00000000", "434C0130 00000005 00000001", StringComparison.Ordinal)));
        var tlps = new ReadOnlySequence<byte>(Hex(LinkFrameVectors.MsiTlps));
        var reader = new LinkFrameReader();

        Assert.True(reader.TryReadFrame(ref hello, out _));
        Assert.True(reader.TryReadFrame(ref error, out _));
        var violation = Assert.Throws<LinkFormatException>(() => reader.TryReadFrame(ref tlps, out _));

        Assert.Equal(LinkRule.UnexpectedFrameType, violation.Rule);
        Assert.Equal((ulong)LinkFrameType.Tlps, violation.Value);
    }

    [Fact]
    public void EstablishedReaderRefusesHello()
    {
        var buffer = new ReadOnlySequence<byte>(Hex(LinkFrameVectors.Hello));

        var error = Assert.Throws<LinkFormatException>(() => EstablishedReader().TryReadFrame(ref buffer, out _));

        Assert.Equal(LinkRule.UnexpectedFrameType, error.Rule);
        Assert.Equal("Type", error.Field);
        Assert.Equal(LinkErrorCode.ProtocolViolation, error.ErrorCode);
    }

    [Fact]
    public void TimestampedFrameWithoutNegotiatedFeatureIsRefused()
    {
        var buffer = new ReadOnlySequence<byte>(Hex(LinkFrameVectors.TimestampedMsiTlps));

        var error = Assert.Throws<LinkFormatException>(() => EstablishedReader(LinkFeatures.None).TryReadFrame(ref buffer, out _));

        Assert.Equal(LinkRule.FeatureNotNegotiated, error.Rule);
        Assert.Equal("Flags", error.Field);
    }

    [Fact]
    public void RepeatedSequenceNumberIsRefused()
    {
        byte[] twice = [.. Hex(LinkFrameVectors.MsiTlps), .. Hex(LinkFrameVectors.MsiTlps)];
        var buffer = new ReadOnlySequence<byte>(twice);
        var reader = EstablishedReader();
        reader.TryReadFrame(ref buffer, out _);

        var error = Assert.Throws<LinkFormatException>(() => reader.TryReadFrame(ref buffer, out _));

        Assert.Equal(LinkRule.SequenceMismatch, error.Rule);
        Assert.Equal("Sequence", error.Field);
        Assert.Equal(0ul, error.Value);
        Assert.Equal(32, buffer.Length);
    }

    [Fact]
    public void EstablishRefusesAMaximumBelowOneLargestTlp()
    {
        var reader = new LinkFrameReader();

        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Establish(Parameters(maxFrameBodyLength: 4096)));
    }
}
