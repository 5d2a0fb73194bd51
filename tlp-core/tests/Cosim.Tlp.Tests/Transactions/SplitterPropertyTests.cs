using Cosim.Tlp.Transactions;
using CsCheck;

namespace Cosim.Tlp.Tests.Transactions;

/// <summary>Invariants of both splitters over random addresses, sizes and limits (CsCheck shrinks any failure).</summary>
public sealed class SplitterPropertyTests
{
    private const int FourKiB = 4096;

    private static readonly Gen<MaxPayloadSize> s_maxPayloadSize = Gen.Enum<MaxPayloadSize>();
    private static readonly Gen<ReadCompletionBoundary> s_readCompletionBoundary = Gen.Enum<ReadCompletionBoundary>();
    private static readonly Gen<CompletionSplitting> s_splitting = Gen.Enum<CompletionSplitting>();

    /// <summary>A byte offset or size in 0..4096, half of the time within 4 bytes of a multiple of 64 (where off-by-a-DW bugs live).</summary>
    private static readonly Gen<int> s_nearBoundaries = Gen.OneOf(
        Gen.Int[0, FourKiB],
        Gen.Select(Gen.Int[0, FourKiB / 64], Gen.Int[-4, 4]).Select((blocks, delta) => Math.Clamp((blocks * 64) + delta, 0, FourKiB)));

    [Fact]
    public void RequestSplitsCoverTheTransferWithinLimitsAndPages()
    {
        // Start near a boundary of a random page below the top 20 pages; move whole pages plus a near-boundary tail.
        Gen<(ulong Address, int ByteCount, MaxReadRequestSize Limit)> gen =
            Gen.Select(Gen.ULong[0, (ulong.MaxValue / FourKiB) - 20], s_nearBoundaries, Gen.Int[0, 16], s_nearBoundaries, Gen.Enum<MaxReadRequestSize>())
                .Select((page, offset, pages, tail, limit) => ((page * FourKiB) + (ulong)offset, (pages * FourKiB) + tail, limit));

        gen.Sample((address, byteCount, limit) =>
        {
            List<RequestChunk> chunks = RequestSplitterTests.Collect(RequestSplitter.ForReads(address, byteCount, limit));

            RequestSplitterInvariants.Check(address, byteCount, limit.ToBytes(), chunks);
        }, iter: 2000);
    }

    [Fact]
    public void CompletionSplitsObeyByteCountLowerAddressMaxPayloadSizeAndRcb()
    {
        // A valid MRd: any 64-bit page, any start in it, any size that stays inside the page (§2.2.7).
        Gen<(ulong Page, int Offset, int Size)> request =
            Gen.Select(Gen.ULong[0, (ulong.MaxValue / FourKiB) - 1], s_nearBoundaries, s_nearBoundaries)
                .Where((_, offset, size) => size >= 1 && offset + size <= FourKiB);
        Gen<((ulong Page, int Offset, int Size) Request, MaxPayloadSize Mps, ReadCompletionBoundary Rcb, CompletionSplitting Splitting)> gen =
            Gen.Select(request, s_maxPayloadSize, s_readCompletionBoundary, s_splitting);

        gen.Sample((r, mps, rcb, splitting) =>
        {
            ulong address = (r.Page * FourKiB) + (ulong)r.Offset;
            TlpHeader read = TlpHeader.MemoryRead(PcieId.From(1, 0, 0), tag: 0, address, r.Size);

            List<CompletionChunk> chunks = CompletionSplitterTests.Split(read, mps, rcb, splitting);

            CheckCompletionInvariants(address, r.Size, mps.ToBytes(), rcb.ToBytes(), splitting, chunks);
        }, iter: 2000);
    }

    private static void CheckCompletionInvariants(ulong address, int size, int mps, int rcb, CompletionSplitting splitting, List<CompletionChunk> chunks)
    {
        int remaining = size;
        ulong next = address;
        for (int i = 0; i < chunks.Count; i++)
        {
            CompletionChunk chunk = chunks[i];
            bool last = i == chunks.Count - 1;

            // Byte Count counts down by the bytes returned; data runs in increasing address order.
            Assert.Equal(remaining, chunk.ByteCount);
            Assert.Equal(next, chunk.Address);
            Assert.Equal((byte)(next & 0x7F), chunk.LowerAddress);
            Assert.Equal((int)(next & 3), chunk.PayloadOffset);
            Assert.Equal(size - remaining, chunk.DataOffset);
            Assert.Equal(last, chunk.IsFinal);

            // Never above MPS; the DWs cover exactly the returned bytes.
            Assert.True(chunk.PayloadBytes <= mps, $"{chunk.PayloadBytes} bytes > MPS {mps}");
            Assert.Equal((chunk.PayloadOffset + chunk.DataBytes + 3) / 4, chunk.Length);

            ulong end = next + (ulong)chunk.DataBytes;
            if (!last)
            {
                // §2.3.1.1: every completion but the final one ends on a multiple of RCB.
                Assert.Equal(0UL, end % (ulong)rcb);
                if (splitting == CompletionSplitting.Largest)
                {
                    // Largest: one more RCB block would not have fitted in MPS.
                    Assert.True(chunk.PayloadBytes + rcb > mps, "A larger completion fitted within MPS");
                }
            }

            remaining -= chunk.DataBytes;
            next = end;
        }

        Assert.Equal(0, remaining);
    }
}
