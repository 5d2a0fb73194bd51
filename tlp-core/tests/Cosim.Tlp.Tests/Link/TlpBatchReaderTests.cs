using System.Buffers;
using Cosim.Tlp.Link;
using static Cosim.Tlp.Tests.Link.LinkTestKit;

namespace Cosim.Tlp.Tests.Link;

public sealed class TlpBatchReaderTests
{
    [Fact]
    public void ReadsIntxAssertThenDeassertAsMessages()
    {
        LinkFrame frame = ReadFrame(new ReadOnlySequence<byte>(Hex(LinkFrameVectors.IntxTlps)));

        var tlps = ReadTlps(frame);

        Assert.Equal(2, tlps.Count);
        Assert.Equal(TlpHeader.InterruptMessage(new PcieId(0x0101), InterruptPin.IntA, assert: true), tlps[0].Header);
        Assert.Equal(TlpHeader.InterruptMessage(new PcieId(0x0101), InterruptPin.IntA, assert: false), tlps[1].Header);
        Assert.Empty(tlps[1].Payload);
    }

    [Fact]
    public void ReadsMsiAsMemoryWriteWithItsData()
    {
        LinkFrame frame = ReadFrame(new ReadOnlySequence<byte>(Hex(LinkFrameVectors.MsiTlps)));

        var tlps = ReadTlps(frame);

        Assert.Single(tlps);
        Assert.Equal(MsiWrite, tlps[0].Header);
        Assert.Equal(MsiPayload, tlps[0].Payload);
        Assert.Equal(0ul, tlps[0].Timestamp);
    }

    [Fact]
    public void ReadsTheTimestampBeforeEachTlp()
    {
        LinkFrame frame = ReadFrame(new ReadOnlySequence<byte>(Hex(LinkFrameVectors.TimestampedMsiTlps)), LinkFeatures.TlpTimestamps);

        var tlps = ReadTlps(frame);

        Assert.Single(tlps);
        Assert.Equal(123456ul, tlps[0].Timestamp);
        Assert.Equal(MsiWrite, tlps[0].Header);
    }

    [Theory]
    [InlineData(nameof(LinkFrameVectors.IntxTlps))]
    [InlineData(nameof(LinkFrameVectors.TimestampedMsiTlps))]
    public void EverySplitOfTheFrameYieldsTheSameTlps(string vector)
    {
        byte[] bytes = Hex(vector == nameof(LinkFrameVectors.IntxTlps) ? LinkFrameVectors.IntxTlps : LinkFrameVectors.TimestampedMsiTlps);
        var expected = ReadTlps(ReadFrame(new ReadOnlySequence<byte>(bytes), LinkFeatures.TlpTimestamps));

        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            var actual = ReadTlps(ReadFrame(SegmentedSequence.Split(bytes, cut), LinkFeatures.TlpTimestamps));

            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Timestamp, actual[i].Timestamp);
                Assert.Equal(expected[i].Header, actual[i].Header);
                Assert.Equal(expected[i].Payload, actual[i].Payload);
            }
        }
    }

    [Fact]
    public void TlpInsideOneSegmentIsNotCopiedToScratch()
    {
        LinkFrame frame = ReadFrame(new ReadOnlySequence<byte>(Hex(LinkFrameVectors.MsiTlps)));
        var scratch = new byte[TlpBatchReader.ScratchBytes];
        var batch = new TlpBatchReader(frame, scratch);

        batch.TryReadNext(out _, out ReadOnlySpan<byte> payload);

        Assert.False(payload.Overlaps(scratch));
    }

    [Fact]
    public void TlpStraddlingSegmentsIsCopiedToScratch()
    {
        // Cut inside the MSI's address DW: header 16 bytes, TLP bytes 0-9 in the first segment.
        LinkFrame frame = ReadFrame(SegmentedSequence.Split(Hex(LinkFrameVectors.MsiTlps), 26));
        var scratch = new byte[TlpBatchReader.ScratchBytes];
        var batch = new TlpBatchReader(frame, scratch);

        batch.TryReadNext(out TlpHeader header, out ReadOnlySpan<byte> payload);

        Assert.True(payload.Overlaps(scratch));
        Assert.Equal(0xFEE0_0000ul, header.Address);
    }

    // The frame header's Length and the body agree; a TLP (or its timestamp) inside claims more than the body holds.
    [Theory]
    [InlineData("434C0110 0000000C 00000000 00030000 40000001 0100000F FEE00000", "Length", 0ul)] // MWr without its data DW
    [InlineData("434C0110 0000000E 00000000 00030000 00000001 0100000F FEE00000 0000", "DW0", 12ul)] // MRd, then 2 stray bytes
    [InlineData("434C0110 00000014 00000000 00030001 00000000 0001E240 40000001 0100000F FEE00000", "Length", 8ul)] // timestamp, MWr without data
    [InlineData("434C0110 00000018 00000000 00030001 00000000 0001E240 00000001 0100000F FEE00000 00000000", "Timestamp", 20ul)] // 4 of 8 timestamp bytes
    public void TlpRunningPastTheBodyIsTruncated(string hex, string field, ulong offset)
    {
        LinkFrame frame = ReadFrame(new ReadOnlySequence<byte>(Hex(hex)), LinkFeatures.TlpTimestamps);

        var error = Assert.Throws<LinkFormatException>(() => ReadTlps(frame));

        Assert.Equal(LinkRule.TruncatedTlp, error.Rule);
        Assert.Equal(field, error.Field);
        Assert.Equal(offset, error.Value);
        Assert.Equal(LinkErrorCode.MalformedTlp, error.ErrorCode);
    }

    [Theory]
    // Fmt/Type 1Fh with Fmt 000b: Type 11111b is reserved (§2.2.1).
    [InlineData("434C0110 0000000C 00000000 00030000 1F000001 0100000F FEE00000", TlpRule.ReservedFormatType)]
    // CfgWr0 (44h) with Length 2: I/O and configuration requests are 1 DW (§2.2.7).
    [InlineData("434C0110 00000014 00000000 00030000 44000002 010000FF 01000004 00000000 00000000", TlpRule.LengthMustBeOne)]
    // MRd 3 DW at 0FFCh for 2 DW: crosses a 4 KiB boundary (§2.2.7).
    [InlineData("434C0110 0000000C 00000000 00030000 00000002 010000FF 00000FFC", TlpRule.CrossesFourKiBBoundary)]
    public void TlpBreakingAPcieRuleIsMalformedAndNamesTheTlpRule(string hex, TlpRule tlpRule)
    {
        LinkFrame frame = ReadFrame(new ReadOnlySequence<byte>(Hex(hex)));

        var error = Assert.Throws<LinkFormatException>(() => ReadTlps(frame));

        Assert.Equal(LinkRule.MalformedTlp, error.Rule);
        Assert.Equal(tlpRule, error.TlpRule);
        Assert.Equal("TLP at body offset", error.Field);
        Assert.IsType<TlpFormatException>(error.InnerException);
        Assert.Equal(LinkErrorCode.MalformedTlp, error.ErrorCode);
    }

    [Fact]
    public void MalformedSecondTlpNamesItsOffset()
    {
        // A good MSI (16 bytes) followed by an MRd with reserved Type 11111b at body offset 16.
        LinkFrame frame = ReadFrame(new ReadOnlySequence<byte>(Hex(
            "434C0110 0000001C 00000000 00030000 40000001 0100000F FEE00000 21000000 1F000001 0100000F FEE00000")));

        var error = Assert.Throws<LinkFormatException>(() => ReadTlps(frame));

        Assert.Equal(16ul, error.Value);
    }

    [Fact]
    public void ConstructorRefusesAFrameThatIsNotTlps()
    {
        LinkFrame frame = ReadFrame(new ReadOnlySequence<byte>(Hex(LinkFrameVectors.KeepAlive)));

        Assert.Throws<ArgumentException>(() => new TlpBatchReader(frame, new byte[TlpBatchReader.ScratchBytes]));
    }

    [Fact]
    public void ConstructorRefusesAScratchSmallerThanOneLargestTlp()
    {
        LinkFrame frame = ReadFrame(new ReadOnlySequence<byte>(Hex(LinkFrameVectors.MsiTlps)));

        Assert.Throws<ArgumentException>(() => new TlpBatchReader(frame, new byte[TlpBatchReader.ScratchBytes - 1]));
    }

    private static LinkFrame ReadFrame(ReadOnlySequence<byte> buffer, LinkFeatures features = LinkFeatures.None)
    {
        Assert.True(EstablishedReader(features).TryReadFrame(ref buffer, out LinkFrame frame));
        return frame;
    }
}
