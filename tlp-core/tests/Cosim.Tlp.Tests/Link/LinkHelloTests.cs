using System.Buffers;
using Cosim.Tlp.Link;
using static Cosim.Tlp.Tests.Link.LinkTestKit;

namespace Cosim.Tlp.Tests.Link;

public sealed class LinkHelloTests
{
    [Fact]
    public void DecodesTheHelloVectorFieldByField()
    {
        LinkFrame frame = ReadHandshakeFrame(Hex(LinkFrameVectors.Hello));

        LinkHello hello = LinkHello.Decode(frame);

        Assert.Equal(LinkFrameVectors.HelloWith(LinkFrameVectors.ClientNonce), hello);
    }

    [Fact]
    public void DecodesABodySplitAcrossSegments()
    {
        byte[] bytes = Hex(LinkFrameVectors.HelloAck);
        var buffer = SegmentedSequence.Split(bytes, 30, 60);
        Assert.True(new LinkFrameReader().TryReadFrame(ref buffer, out LinkFrame frame));

        LinkHello helloAck = LinkHello.Decode(frame);

        Assert.Equal(LinkFrameVectors.ServerNonce, helloAck.Nonce);
    }

    [Fact]
    public void EncodeIsTheInverseOfDecode()
    {
        var hello = LinkFrameVectors.HelloWith(LinkNonce.CreateRandom()) with { Features = (LinkFeatures)0x8000_0000_0000_0001 };
        var body = new byte[LinkHello.BodyLength];

        hello.Encode(body);
        LinkHello decoded = LinkHello.Decode(new LinkFrame(
            new LinkFrameHeader(LinkFrameType.Hello, LinkFrameFlags.None, LinkHello.BodyLength, 0, default),
            new ReadOnlySequence<byte>(body)));

        Assert.Equal(hello, decoded);
    }

    // Body offsets: 2-3 AuthenticationMode, 4-7 MaxFrameBodyLength, 16-19 IdleTimeoutMilliseconds.
    [Theory]
    [InlineData(2, "0002", "AuthenticationMode", 2ul)]
    [InlineData(4, "00001FFF", "MaxFrameBodyLength", 8191ul)] // below 8 KiB: a largest TLP plus timestamp must fit
    [InlineData(4, "01000001", "MaxFrameBodyLength", 0x0100_0001ul)] // above 16 MiB
    [InlineData(16, "000003E7", "IdleTimeoutMilliseconds", 999ul)] // non-zero but below one second
    public void ParameterOutOfRangeIsRefused(int offset, string value, string field, ulong expected)
    {
        byte[] frame = Hex(LinkFrameVectors.Hello);
        Hex(value).CopyTo(frame, LinkFrameHeader.Size + offset);

        var error = Assert.Throws<LinkFormatException>(() => LinkHello.Decode(ReadHandshakeFrame(frame)));

        Assert.Equal(LinkRule.ParameterOutOfRange, error.Rule);
        Assert.Equal(field, error.Field);
        Assert.Equal(expected, error.Value);
    }

    [Fact]
    public void AllZeroNonceIsRefused()
    {
        byte[] frame = Hex(LinkFrameVectors.Hello);
        Array.Clear(frame, LinkFrameHeader.Size + 20, LinkNonce.Size);

        var error = Assert.Throws<LinkFormatException>(() => LinkHello.Decode(ReadHandshakeFrame(frame)));

        Assert.Equal(LinkRule.ZeroNonce, error.Rule);
        Assert.Equal("Nonce", error.Field);
    }

    [Fact]
    public void HandBuiltFrameWithTrailingBytesIsRefused()
    {
        var frame = new LinkFrame(
            new LinkFrameHeader(LinkFrameType.Hello, LinkFrameFlags.None, 53, 0, default),
            new ReadOnlySequence<byte>(new byte[53]));

        var error = Assert.Throws<LinkFormatException>(() => LinkHello.Decode(frame));

        Assert.Equal(LinkRule.BodyLengthMismatch, error.Rule);
    }

    private static LinkFrame ReadHandshakeFrame(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(new LinkFrameReader().TryReadFrame(ref buffer, out LinkFrame frame));
        return frame;
    }
}
