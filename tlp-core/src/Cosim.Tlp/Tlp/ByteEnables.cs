using System.Numerics;

namespace Cosim.Tlp;

/// <summary>
/// First/Last DW byte enable arithmetic (PCIe Base 6.0 §2.2.5 and §2.3.1.1, Table 2-37 "Calculating Byte Count
/// from Length and Byte Enables"). Bit n of a BE nibble enables byte n of that DW.
/// </summary>
public static class ByteEnables
{
    /// <summary>All four bytes enabled.</summary>
    public const byte All = 0b1111;

    /// <summary>
    /// The Length and byte enables of a request that moves <paramref name="byteCount"/> bytes starting at
    /// <paramref name="address"/>. A byte count of 0 gives the zero-length read form: Length 1, both BEs 0000b.
    /// </summary>
    public static void ForRange(ulong address, int byteCount, out ushort lengthDwords, out byte firstDwByteEnables, out byte lastDwByteEnables)
    {
        if (byteCount < 0 || byteCount > TlpHeader.MaxPayloadBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(byteCount), byteCount, "A TLP moves 0-4096 bytes.");
        }

        if (byteCount == 0)
        {
            lengthDwords = 1;
            firstDwByteEnables = 0;
            lastDwByteEnables = 0;
            return;
        }

        int startOffset = (int)(address & 3);
        int endOffset = startOffset + byteCount;
        int dwords = (endOffset + 3) / 4;
        if (dwords > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(byteCount), byteCount, "The request spans more than 1024 DW; split it first.");
        }

        lengthDwords = (ushort)dwords;
        byte first = (byte)((All << startOffset) & All);
        int endInLastDw = endOffset - ((dwords - 1) * 4);
        byte endMask = (byte)(All >> (4 - endInLastDw));
        if (dwords == 1)
        {
            firstDwByteEnables = (byte)(first & endMask);
            lastDwByteEnables = 0;
        }
        else
        {
            firstDwByteEnables = first;
            lastDwByteEnables = endMask;
        }
    }

    /// <summary>
    /// The number of bytes a request covers, per Table 2-37: the Byte Count of its first completion.
    /// A 1 DW request with First DW BE 0000b (zero-length read) counts 1.
    /// </summary>
    public static int RequestedByteCount(int lengthDwords, byte firstDwByteEnables, byte lastDwByteEnables)
    {
        if (lengthDwords <= 1)
        {
            if ((firstDwByteEnables & All) == 0)
            {
                return 1;
            }

            int lowest = BitOperations.TrailingZeroCount(firstDwByteEnables & All);
            int highest = 31 - BitOperations.LeadingZeroCount((uint)(firstDwByteEnables & All));
            return highest - lowest + 1;
        }

        int leadingDisabled = BitOperations.TrailingZeroCount((firstDwByteEnables & All) | 0x10);
        int trailingDisabled = 3 - (31 - BitOperations.LeadingZeroCount((uint)(lastDwByteEnables & All) | 1));
        return (lengthDwords * 4) - leadingDisabled - trailingDisabled;
    }

    /// <summary>Offset (0-3) of the first enabled byte in a First DW BE; 0 when none is enabled.</summary>
    public static int FirstEnabledByteOffset(byte firstDwByteEnables) =>
        (firstDwByteEnables & All) == 0 ? 0 : BitOperations.TrailingZeroCount(firstDwByteEnables & All);

    /// <summary>True when the enabled bytes of a First DW BE run without a gap up to byte 3 (1111b, 1110b, 1100b, 1000b).</summary>
    public static bool IsContiguousToEnd(byte firstDwByteEnables) =>
        firstDwByteEnables is 0b1111 or 0b1110 or 0b1100 or 0b1000;

    /// <summary>True when the enabled bytes of a Last DW BE run without a gap from byte 0 (0001b, 0011b, 0111b, 1111b).</summary>
    public static bool IsContiguousFromStart(byte lastDwByteEnables) =>
        lastDwByteEnables is 0b0001 or 0b0011 or 0b0111 or 0b1111;

    /// <summary>Expands a byte-enable nibble into a 32-bit mask (byte n enabled → bits 8n+7:8n set).</summary>
    public static uint ToMask(byte byteEnables)
    {
        uint mask = 0;
        for (int i = 0; i < 4; i++)
        {
            if ((byteEnables & (1 << i)) != 0)
            {
                mask |= 0xFFu << (8 * i);
            }
        }

        return mask;
    }
}
