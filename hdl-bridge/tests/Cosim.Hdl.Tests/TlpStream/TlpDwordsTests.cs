using Cosim.Hdl.TlpStream;
using Cosim.Tlp;

namespace Cosim.Hdl.Tests.TlpStream;

public sealed class TlpDwordsTests
{
    [Fact]
    public void HeaderDwordsReadAsTheSpecsFiguresAndPayloadDwordsAsLittleEndianValues()
    {
        // MWr32 of 8 bytes at 0000_1000h, requester 00:00.0, tag 7: DW0 4000_0002h (Fmt 010b, Type 0, Length 2),
        // DW1 0000_07FFh (tag 07h, Last BE Fh, First BE Fh), DW2 0000_1000h; payload bytes 01..08.
        TlpHeader write = TlpHeader.MemoryWrite(PcieId.From(0, 0, 0), 7, 0x1000, 8);
        Span<uint> dwords = stackalloc uint[8];

        int count = TlpDwords.Encode(write, [1, 2, 3, 4, 5, 6, 7, 8], dwords);

        Assert.Equal([0x4000_0002u, 0x0000_07FFu, 0x0000_1000u, 0x0403_0201u, 0x0807_0605u], dwords[..count].ToArray());
    }

    [Fact]
    public void TheDigestIsNotCarried()
    {
        TlpHeader read = TlpHeader.MemoryRead(PcieId.From(0, 0, 0), 1, 0x2000, 4) with { TlpDigest = true };
        Span<uint> dwords = stackalloc uint[4];

        int count = TlpDwords.Encode(read, [], dwords);

        Assert.Equal(3, count);
        Assert.Equal(0u, dwords[0] & (1u << 15));
    }

    [Fact]
    public void WireBytesOfAFourDwordHeaderTlpRoundTripThroughTheCodec()
    {
        TlpHeader write = TlpHeader.MemoryWrite(PcieId.From(2, 3, 1), 9, 0x1_2345_6780, 4);
        Span<uint> dwords = stackalloc uint[8];
        int count = TlpDwords.Encode(write, [0xAA, 0xBB, 0xCC, 0xDD], dwords);
        byte[] wire = new byte[count * 4];

        TlpDwords.ToWireBytes(dwords[..count], wire);
        TlpHeader decoded = TlpCodec.Decode(wire, out ReadOnlySpan<byte> payload);

        Assert.Equal(write, decoded);
        Assert.Equal([0xAA, 0xBB, 0xCC, 0xDD], payload.ToArray());
    }
}
