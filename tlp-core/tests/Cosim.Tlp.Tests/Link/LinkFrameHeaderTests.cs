using Cosim.Tlp.Link;
using static Cosim.Tlp.Tests.Link.LinkTestKit;

namespace Cosim.Tlp.Tests.Link;

public sealed class LinkFrameHeaderTests
{
    [Fact]
    public void WriteLaysOutEveryFieldBigEndian()
    {
        // Tlps (10h), timestamped (01), body 0102_0304h, sequence A1B2_C3D4h, device 0506h, function 07h.
        var header = new LinkFrameHeader(LinkFrameType.Tlps, LinkFrameFlags.Timestamped, 0x0102_0304, 0xA1B2_C3D4, new LinkChannel(0x0506, 0x07));
        var bytes = new byte[LinkFrameHeader.Size];

        header.Write(bytes);

        Assert.Equal(Hex("434C0110 01020304 A1B2C3D4 05060701"), bytes);
    }

    [Fact]
    public void ParseReadsWhatWriteWrote()
    {
        var header = new LinkFrameHeader(LinkFrameType.DeviceReset, LinkFrameFlags.None, 0, 7, new LinkChannel(513, 0));
        var bytes = new byte[LinkFrameHeader.Size];
        header.Write(bytes);

        LinkFrameHeader parsed = LinkFrameHeader.Parse(bytes);

        Assert.Equal(header.Type, parsed.Type);
        Assert.Equal(header.Sequence, parsed.Sequence);
        Assert.Equal(header.Channel, parsed.Channel);
        Assert.Equal(header.BodyLength, parsed.BodyLength);
    }

    // Each row breaks one header rule of docs/wire-protocol.md §3.2 (the checks run in byte order).
    [Theory]
    [InlineData("474554202F20485454502F312E310D0A", LinkRule.BadMagic, "Magic", 0x4745ul)] // "GET / HTTP/1.1\r\n": not a link
    [InlineData("434C0210 00000010 00000000 00030000", LinkRule.UnsupportedVersion, "Version", 2ul)]
    [InlineData("434C0105 00000000 00000000 00000000", LinkRule.UnknownFrameType, "Type", 5ul)]
    [InlineData("434C0110 01000001 00000000 00030000", LinkRule.FrameTooLarge, "Length", 0x0100_0001ul)] // above 16 MiB, whatever was negotiated
    [InlineData("434C0110 00000010 00000000 00030002", LinkRule.ReservedFlagsSet, "Flags", 2ul)] // Tlps defines bit 0 only
    [InlineData("434C0120 00000008 00000000 00000001", LinkRule.ReservedFlagsSet, "Flags", 1ul)] // Timestamped on KeepAlive
    [InlineData("434C0120 00000008 00000000 00010000", LinkRule.ReservedFieldNotZero, "Device", 1ul)] // control frame on a channel
    [InlineData("434C0130 00000002 00000000 00000200", LinkRule.ReservedFieldNotZero, "Function", 2ul)]
    [InlineData("434C0111 00000000 00000000 00030100", LinkRule.ReservedFieldNotZero, "Function", 1ul)] // DeviceReset resets every function
    [InlineData("434C0120 00000009 00000000 00000000", LinkRule.BodyLengthMismatch, "Length", 9ul)] // KeepAlive with a trailing garbage byte
    [InlineData("434C0120 00000007 00000000 00000000", LinkRule.BodyLengthMismatch, "Length", 7ul)] // KeepAlive cut short
    [InlineData("434C0101 00000035 00000000 00000000", LinkRule.BodyLengthMismatch, "Length", 53ul)] // Hello + 1 byte
    [InlineData("434C0103 00000021 00000000 00000000", LinkRule.BodyLengthMismatch, "Length", 33ul)] // Auth + 1 byte
    [InlineData("434C0111 00000004 00000000 00030000", LinkRule.BodyLengthMismatch, "Length", 4ul)] // DeviceReset has no body
    [InlineData("434C0130 00000001 00000000 00000000", LinkRule.BodyLengthMismatch, "Length", 1ul)] // Error without its code
    [InlineData("434C0130 00000403 00000000 00000000", LinkRule.BodyLengthMismatch, "Length", 1027ul)] // Error message over 1024 bytes
    [InlineData("434C0110 00000000 00000000 00030000", LinkRule.BodyLengthMismatch, "Length", 0ul)] // empty Tlps
    [InlineData("434C0110 00000013 00000000 00030001", LinkRule.BodyLengthMismatch, "Length", 19ul)] // Timestamped Tlps under 8 + 12
    public void ParseNamesTheBrokenRule(string hex, LinkRule rule, string field, ulong value)
    {
        byte[] header = Hex(hex);

        var error = Assert.Throws<LinkFormatException>(() => LinkFrameHeader.Parse(header));

        Assert.Equal(rule, error.Rule);
        Assert.Equal(field, error.Field);
        Assert.Equal(value, error.Value);
    }

    [Fact]
    public void UnsupportedVersionAnswersVersionMismatch()
    {
        var error = Assert.Throws<LinkFormatException>(() => LinkFrameHeader.Parse(Hex("434C0201 00000034 00000000 00000000")));

        Assert.Equal(LinkErrorCode.VersionMismatch, error.ErrorCode);
    }

    [Fact]
    public void ParseRefusesAShortSpan()
    {
        Assert.Throws<ArgumentException>(() => LinkFrameHeader.Parse(new byte[15]));
    }
}
