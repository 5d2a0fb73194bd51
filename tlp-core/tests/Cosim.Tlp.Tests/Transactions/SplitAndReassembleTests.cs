using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Tests.Transactions;

/// <summary>
/// The Requester and Completer sides together: a transfer is cut into requests (<see cref="RequestSplitter"/>), each
/// is answered (<see cref="CompletionSplitter"/>), and the completions are matched (<see cref="CompletionTracker"/>)
/// until the reassembled bytes equal the source.
/// </summary>
public sealed class SplitAndReassembleTests
{
    private const ulong Page = 0x1_2345_6000;

    private static readonly PcieId s_requester = PcieId.From(0x01, 0, 0);
    private static readonly PcieId s_completer = PcieId.From(0x00, 0, 0);

    public static TheoryData<MaxPayloadSize, ReadCompletionBoundary, CompletionSplitting> CompleterLimits()
    {
        var data = new TheoryData<MaxPayloadSize, ReadCompletionBoundary, CompletionSplitting>();
        foreach (MaxPayloadSize mps in Enum.GetValues<MaxPayloadSize>())
        {
            foreach (ReadCompletionBoundary rcb in Enum.GetValues<ReadCompletionBoundary>())
            {
                data.Add(mps, rcb, CompletionSplitting.Largest);
            }
        }

        data.Add(MaxPayloadSize.Bytes4096, ReadCompletionBoundary.Bytes64, CompletionSplitting.AtEveryBoundary);
        data.Add(MaxPayloadSize.Bytes4096, ReadCompletionBoundary.Bytes128, CompletionSplitting.AtEveryBoundary);
        return data;
    }

    [Theory]
    [MemberData(nameof(CompleterLimits))]
    public void BoundarySweepReassemblesTheSourceForEveryReadRequestSize(MaxPayloadSize mps, ReadCompletionBoundary rcb, CompletionSplitting splitting)
    {
        // Lengths 1..31 and 1024 at offsets 0..7 and 4088..4095 of a page above 4 GiB, for every MRRS.
        int[] lengths = [.. Enumerable.Range(1, 31), 1024];
        int[] offsets = [.. Enumerable.Range(0, 8), .. Enumerable.Range(4088, 8)];
        var tracker = new CompletionTracker(mps, rcb);
        var tags = new TagAllocator(TagSize.TenBit);
        foreach (MaxReadRequestSize mrrs in Enum.GetValues<MaxReadRequestSize>())
        {
            foreach (int offset in offsets)
            {
                foreach (int length in lengths)
                {
                    byte[] source = CompletionTrackerTests.Pattern(length, seed: offset);

                    byte[] read = ReadThroughTlps(Page + (ulong)offset, source, mrrs, mps, rcb, splitting, tracker, tags);

                    Assert.Equal(source, read);
                }
            }
        }

        Assert.Equal(0, tracker.Count);
        Assert.Equal(0, tags.Outstanding);
    }

    [Fact]
    public void InterleavedCompletionsOfManyTagsReassembleEveryTransfer()
    {
        // Eight 3000-byte reads at odd addresses, MRRS 512, completions (RCB 64, every boundary) of all requests
        // delivered in a shuffled order that keeps each request's own completions in address order (§2.3.1.1:
        // "Multiple Memory Read Completions for a single Read Request must return data in increasing address order").
        var tracker = new CompletionTracker(MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes64);
        var tags = new TagAllocator(TagSize.EightBit);
        var random = new Random(1234);
        var queues = new List<Queue<(TlpHeader Header, byte[] Payload)>>();
        var sources = new List<byte[]>();
        var destinations = new List<byte[]>();
        for (int transfer = 0; transfer < 8; transfer++)
        {
            ulong address = Page + (ulong)(transfer * 0x1000) + 0x333;
            byte[] source = CompletionTrackerTests.Pattern(3000, seed: transfer * 17);
            byte[] destination = new byte[3000];
            sources.Add(source);
            destinations.Add(destination);
            foreach (RequestChunk chunk in RequestSplitter.ForReads(address, source.Length, MaxReadRequestSize.Bytes512))
            {
                Assert.True(tags.TryAllocate(out ushort tag));
                TlpHeader request = chunk.ToMemoryRead(s_requester, tag);
                tracker.Track(request, destination.AsMemory((int)chunk.Offset, chunk.ByteCount), timestamp: 0);
                var completions = new RecordingReceiver();
                CompletionSplitter.WriteCompletions(request, s_completer, source.AsSpan((int)chunk.Offset, chunk.ByteCount),
                    MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes64, completions, CompletionSplitting.AtEveryBoundary);
                queues.Add(new Queue<(TlpHeader, byte[])>(completions.Received));
            }
        }

        while (queues.Count > 0)
        {
            int pick = random.Next(queues.Count);
            (TlpHeader header, byte[] payload) = queues[pick].Dequeue();
            CompletionMatch match = tracker.Match(header, payload);
            Assert.NotEqual(CompletionMatchOutcome.Mismatch, match.Outcome);
            if (match.Outcome == CompletionMatchOutcome.Complete)
            {
                tags.Free(match.Request.Tag);
            }

            if (queues[pick].Count == 0)
            {
                queues.RemoveAt(pick);
            }
        }

        Assert.Equal(sources, destinations);
        Assert.Equal(0, tracker.Count);
    }

    /// <summary>Reads <paramref name="source"/> as if it sat in memory at <paramref name="address"/>, through TLPs only.</summary>
    private static byte[] ReadThroughTlps(
        ulong address,
        byte[] source,
        MaxReadRequestSize mrrs,
        MaxPayloadSize mps,
        ReadCompletionBoundary rcb,
        CompletionSplitting splitting,
        CompletionTracker tracker,
        TagAllocator tags)
    {
        byte[] destination = new byte[source.Length];
        foreach (RequestChunk chunk in RequestSplitter.ForReads(address, source.Length, mrrs))
        {
            Assert.True(tags.TryAllocate(out ushort tag));
            TlpHeader request = chunk.ToMemoryRead(s_requester, tag);
            tracker.Track(request, destination.AsMemory((int)chunk.Offset, chunk.ByteCount), timestamp: 0);
            var completions = new RecordingReceiver();

            CompletionSplitter.WriteCompletions(request, s_completer, source.AsSpan((int)chunk.Offset, chunk.ByteCount), mps, rcb, completions, splitting);

            foreach ((TlpHeader header, byte[] payload) in completions.Received)
            {
                Assert.True(header.PayloadSize <= mps.ToBytes());
                CompletionMatch match = tracker.Match(header, payload);
                Assert.NotEqual(CompletionMatchOutcome.Mismatch, match.Outcome);
            }

            Assert.False(tracker.TryGet(tag, out _));
            tags.Free(tag);
        }

        return destination;
    }
}
