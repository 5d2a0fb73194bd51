namespace Cosim.Tlp.Tests.Tlp;

public sealed class ByteEnablesTests
{
    // PCIe Base 6.0 §2.3.1.1, Table 2-37 "Calculating Byte Count from Length and Byte Enables", 1 DW rows.
    // Patterns are BE[3:0] written bit 3 first; x is either value.
    [Theory]
    [InlineData("1xx1", 4)]
    [InlineData("01x1", 3)]
    [InlineData("1x10", 3)]
    [InlineData("0011", 2)]
    [InlineData("0110", 2)]
    [InlineData("1100", 2)]
    [InlineData("0001", 1)]
    [InlineData("0010", 1)]
    [InlineData("0100", 1)]
    [InlineData("1000", 1)]
    [InlineData("0000", 1)]
    public void RequestedByteCountOfOneDwFollowsTable2_37(string firstDwByteEnables, int expected)
    {
        foreach (byte first in Expand(firstDwByteEnables))
        {
            int byteCount = ByteEnables.RequestedByteCount(1, first, 0);

            Assert.Equal(expected, byteCount);
        }
    }

    // Table 2-37, rows for Length > 1 DW: the total is Length × 4 minus the bytes disabled at either end.
    [Theory]
    [InlineData("xxx1", "1xxx", 0)]
    [InlineData("xxx1", "01xx", 1)]
    [InlineData("xxx1", "001x", 2)]
    [InlineData("xxx1", "0001", 3)]
    [InlineData("xx10", "1xxx", 1)]
    [InlineData("xx10", "01xx", 2)]
    [InlineData("xx10", "001x", 3)]
    [InlineData("xx10", "0001", 4)]
    [InlineData("x100", "1xxx", 2)]
    [InlineData("x100", "01xx", 3)]
    [InlineData("x100", "001x", 4)]
    [InlineData("x100", "0001", 5)]
    [InlineData("1000", "1xxx", 3)]
    [InlineData("1000", "01xx", 4)]
    [InlineData("1000", "001x", 5)]
    [InlineData("1000", "0001", 6)]
    public void RequestedByteCountOfSeveralDwFollowsTable2_37(string firstDwByteEnables, string lastDwByteEnables, int lessThanLengthTimesFour)
    {
        foreach (int length in (int[])[2, 3, 16, 1024])
        {
            foreach (byte first in Expand(firstDwByteEnables))
            {
                foreach (byte last in Expand(lastDwByteEnables))
                {
                    int byteCount = ByteEnables.RequestedByteCount(length, first, last);

                    Assert.Equal((length * 4) - lessThanLengthTimesFour, byteCount);
                }
            }
        }
    }

    [Theory]
    [InlineData(0x1000, 1, 1, 0b0001, 0b0000)]
    [InlineData(0x1003, 1, 1, 0b1000, 0b0000)]
    [InlineData(0x1001, 2, 1, 0b0110, 0b0000)]
    [InlineData(0x1002, 4, 2, 0b1100, 0b0011)]
    [InlineData(0x1003, 6, 3, 0b1000, 0b0001)]
    [InlineData(0x1000, 8, 2, 0b1111, 0b1111)]
    [InlineData(0x1000, 4096, 1024, 0b1111, 0b1111)]
    [InlineData(0x1001, 4092, 1024, 0b1110, 0b0001)]
    public void ForRangeGivesLengthAndByteEnablesOfTheBytesMoved(ulong address, int byteCount, int length, byte first, byte last)
    {
        ByteEnables.ForRange(address, byteCount, out ushort lengthDwords, out byte firstDwByteEnables, out byte lastDwByteEnables);

        Assert.Equal(length, lengthDwords);
        Assert.Equal(first, firstDwByteEnables);
        Assert.Equal(last, lastDwByteEnables);
    }

    [Fact]
    public void ForRangeOfZeroBytesIsTheZeroLengthReadForm()
    {
        ByteEnables.ForRange(0x1002, 0, out ushort length, out byte first, out byte last);

        Assert.Equal(1, length);
        Assert.Equal(0, first);
        Assert.Equal(0, last);
    }

    [Theory]
    [InlineData(0x1000, -1)]
    [InlineData(0x1000, 4097)]
    [InlineData(0x1001, 4096)]
    public void ForRangeRejectsByteCountsNoTlpCanMove(ulong address, int byteCount)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteEnables.ForRange(address, byteCount, out _, out _, out _));
    }

    [Fact]
    public void ContiguityPredicatesAcceptExactlyTheRunsThatTouchTheDwordEdge()
    {
        byte[] toEnd = [.. Enumerable.Range(0, 16).Select(b => (byte)b).Where(ByteEnables.IsContiguousToEnd)];
        byte[] fromStart = [.. Enumerable.Range(0, 16).Select(b => (byte)b).Where(ByteEnables.IsContiguousFromStart)];

        Assert.Equal([0b1000, 0b1100, 0b1110, 0b1111], toEnd);
        Assert.Equal([0b0001, 0b0011, 0b0111, 0b1111], fromStart);
    }

    [Theory]
    [InlineData(0b0000, 0x0000_0000u)]
    [InlineData(0b0001, 0x0000_00FFu)]
    [InlineData(0b0101, 0x00FF_00FFu)]
    [InlineData(0b1000, 0xFF00_0000u)]
    [InlineData(0b1111, 0xFFFF_FFFFu)]
    public void ToMaskExpandsEachEnabledByteToEightBits(byte byteEnables, uint mask)
    {
        Assert.Equal(mask, ByteEnables.ToMask(byteEnables));
    }

    [Theory]
    [InlineData(0b0000, 0)]
    [InlineData(0b0001, 0)]
    [InlineData(0b0110, 1)]
    [InlineData(0b1100, 2)]
    [InlineData(0b1000, 3)]
    public void FirstEnabledByteOffsetIsTheLowestEnabledByte(byte firstDwByteEnables, int offset)
    {
        Assert.Equal(offset, ByteEnables.FirstEnabledByteOffset(firstDwByteEnables));
    }

    // Every nibble matching a pattern such as "1xx1" (bit 3 first).
    private static IEnumerable<byte> Expand(string pattern)
    {
        for (int value = 0; value < 16; value++)
        {
            bool matches = true;
            for (int i = 0; i < 4; i++)
            {
                int bit = (value >> (3 - i)) & 1;
                matches &= pattern[i] == 'x' || pattern[i] - '0' == bit;
            }

            if (matches)
            {
                yield return (byte)value;
            }
        }
    }
}
