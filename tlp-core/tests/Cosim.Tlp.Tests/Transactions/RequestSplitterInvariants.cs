using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Tests.Transactions;

/// <summary>What every split must satisfy, shared by the sweeps and the property tests.</summary>
internal static class RequestSplitterInvariants
{
    private const ulong FourKiB = 4096;

    public static void Check(ulong address, long byteCount, int limit, IReadOnlyList<RequestChunk> chunks)
    {
        long covered = 0;
        foreach (RequestChunk chunk in chunks)
        {
            // Contiguous and in order: each chunk starts where the previous one ended.
            Assert.Equal(covered, chunk.Offset);
            Assert.Equal(address + (ulong)covered, chunk.Address);
            Assert.InRange(chunk.ByteCount, 1, limit);

            // The DW span fits the limit and stays inside one 4 KiB page (§2.2.7).
            Assert.True(chunk.Length * 4 <= limit, $"Length {chunk.Length} DW exceeds {limit} bytes");
            ulong firstDword = chunk.Address & ~3UL;
            ulong lastByte = chunk.Address + (ulong)chunk.ByteCount - 1;
            Assert.Equal(firstDword / FourKiB, lastByte / FourKiB);

            // Length and byte enables describe exactly these bytes (Table 2-37) and form a valid MRd and MWr.
            Assert.Equal(chunk.ByteCount, ByteEnables.RequestedByteCount(chunk.Length, chunk.FirstDwByteEnables, chunk.LastDwByteEnables));
            TlpHeader read = chunk.ToMemoryRead(PcieId.From(1, 0, 0), tag: 0);
            Assert.Equal(chunk.Length, read.Length);
            Assert.Equal(chunk.FirstDwByteEnables, read.FirstDwByteEnables);
            Assert.Equal(chunk.LastDwByteEnables, read.LastDwByteEnables);
            TlpCodec.Validate(read);
            TlpCodec.Validate(chunk.ToMemoryWrite(PcieId.From(1, 0, 0)));
            covered += chunk.ByteCount;
        }

        Assert.Equal(byteCount, covered);
    }
}
