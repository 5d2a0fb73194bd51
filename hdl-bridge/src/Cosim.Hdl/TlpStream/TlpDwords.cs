using System.Buffers.Binary;
using Cosim.Tlp;

namespace Cosim.Hdl.TlpStream;

/// <summary>
/// A TLP as the stream carries it: a sequence of 32-bit DWs, header first, then payload.
/// </summary>
/// <remarks>
/// <code>
/// header DW n:   bits 31..24 = wire byte 4n, 23..16 = byte 4n+1, 15..8 = byte 4n+2, 7..0 = byte 4n+3
///                (the spec's figures: DW0[31:29] is Fmt, DW0[28:24] Type, DW0[9:0] Length)
/// payload DW k:  bits 7..0 = the byte at the lowest address, 31..24 the byte at the highest
///                (a 32-bit register value reads as itself)
/// </code>
/// Header size comes from Fmt[0] (DW0 bit 29): 4 DWs when set, else 3. ECRC is not carried: the bridge strips TD
/// towards the RTL, and a TLP from the RTL with TD set must end with its digest DW (which is not checked).
/// </remarks>
internal static class TlpDwords
{
    /// <summary>Most DWs a TLP can have: 4 header, 1024 payload, 1 digest.</summary>
    internal const int MaxDwords = (TlpHeader.MaxTlpBytes + 3) / 4;

    private const int DwordBytes = 4;
    private const uint FourDwHeaderBit = 1u << 29;

    /// <summary>Writes <paramref name="header"/> (digest cleared) and <paramref name="payload"/> as DWs; returns the count.</summary>
    internal static int Encode(in TlpHeader header, ReadOnlySpan<byte> payload, Span<uint> dwords)
    {
        Span<byte> headerBytes = stackalloc byte[TlpHeader.MaxHeaderBytes];
        int headerSize = TlpCodec.EncodeHeader(header with { TlpDigest = false }, headerBytes);
        int count = 0;
        for (int offset = 0; offset < headerSize; offset += DwordBytes)
        {
            dwords[count++] = BinaryPrimitives.ReadUInt32BigEndian(headerBytes[offset..]);
        }

        int payloadBytes = header.PayloadSize;
        for (int offset = 0; offset < payloadBytes; offset += DwordBytes)
        {
            dwords[count++] = BinaryPrimitives.ReadUInt32LittleEndian(payload[offset..]);
        }

        return count;
    }

    /// <summary>The DW count of <paramref name="header"/> on the stream (no digest).</summary>
    internal static int CountFor(in TlpHeader header) => (header.HeaderSize + header.PayloadSize) / DwordBytes;

    /// <summary>
    /// Turns DWs from the RTL back into wire bytes (header DWs big-endian, the rest little-endian) in
    /// <paramref name="bytes"/>; returns the byte count.
    /// </summary>
    internal static int ToWireBytes(ReadOnlySpan<uint> dwords, Span<byte> bytes)
    {
        int headerDwords = dwords.Length > 0 && (dwords[0] & FourDwHeaderBit) != 0 ? 4 : 3;
        for (int i = 0; i < dwords.Length; i++)
        {
            Span<byte> target = bytes.Slice(i * DwordBytes, DwordBytes);
            if (i < headerDwords)
            {
                BinaryPrimitives.WriteUInt32BigEndian(target, dwords[i]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(target, dwords[i]);
            }
        }

        return dwords.Length * DwordBytes;
    }
}
