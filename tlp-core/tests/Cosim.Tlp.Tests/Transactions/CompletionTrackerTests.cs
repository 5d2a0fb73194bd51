using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Tests.Transactions;

public sealed class CompletionTrackerTests
{
    private static readonly PcieId s_requester = PcieId.From(0x01, 0, 0);
    private static readonly PcieId s_completer = PcieId.From(0x00, 0, 0);

    [Fact]
    public void SingleCompletionCompletesTheReadAndCopiesItsData()
    {
        // MRd 4 bytes at 1000h; CplD Length 1, Byte Count 4, Lower Address 00h, payload DE AD BE EF.
        var tracker = new CompletionTracker();
        byte[] destination = new byte[4];
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 9, address: 0x1000, byteCount: 4);
        tracker.Track(request, destination, timestamp: 0);
        TlpHeader completion = TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, dataDwords: 1, byteCount: 4, lowerAddress: 0x00);

        CompletionMatch match = tracker.Match(completion, [0xDE, 0xAD, 0xBE, 0xEF]);

        Assert.Equal(CompletionMatchOutcome.Complete, match.Outcome);
        Assert.Equal(CompletionMismatch.None, match.Mismatch);
        Assert.True(match.RequestEnded);
        Assert.Equal(4, match.BytesCopied);
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, destination);
        Assert.Equal(0, tracker.Count);
    }

    [Fact]
    public void SplitCompletionsArePartialUntilTheLast()
    {
        // MRd 256 bytes at 10020h answered as 96 + 128 + 32 (RCB 128, MPS 128).
        var tracker = new CompletionTracker(MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128);
        byte[] source = Pattern(256);
        byte[] destination = new byte[256];
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 1, address: 0x10020, byteCount: 256);
        tracker.Track(request, destination, timestamp: 0);
        var completions = new RecordingReceiver();
        CompletionSplitter.WriteCompletions(request, s_completer, source, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128, completions);

        CompletionMatchOutcome[] outcomes = [.. completions.Received.Select(c => tracker.Match(c.Header, c.Payload).Outcome)];

        Assert.Equal(new[] { CompletionMatchOutcome.Partial, CompletionMatchOutcome.Partial, CompletionMatchOutcome.Complete }, outcomes);
        Assert.Equal(source, destination);
    }

    [Fact]
    public void PartialMatchReportsProgress()
    {
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 1, address: 0x10020, byteCount: 256);
        tracker.Track(request, new byte[256], timestamp: 7);
        TlpHeader first = TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, dataDwords: 24, byteCount: 256, lowerAddress: 0x20);

        CompletionMatch match = tracker.Match(first, new byte[96]);

        Assert.Equal(CompletionMatchOutcome.Partial, match.Outcome);
        Assert.False(match.RequestEnded);
        Assert.Equal(96, match.BytesCopied);
        Assert.Equal(160, match.Request.RemainingByteCount);
        Assert.Equal(96, match.Request.BytesReceived);
        Assert.Equal(7, match.Request.Timestamp);
        Assert.True(tracker.TryGet(1, out OutstandingRequest outstanding));
        Assert.Equal(160, outstanding.RemainingByteCount);
    }

    [Fact]
    public void CompletionsOfDifferentTagsMayArriveInAnyOrder()
    {
        var tracker = new CompletionTracker();
        byte[] a = new byte[8];
        byte[] b = new byte[8];
        TlpHeader requestA = TlpHeader.MemoryRead(s_requester, tag: 300, address: 0x1000, byteCount: 8);
        TlpHeader requestB = TlpHeader.MemoryRead(s_requester, tag: 301, address: 0x2000, byteCount: 8);
        tracker.Track(requestA, a, timestamp: 0);
        tracker.Track(requestB, b, timestamp: 0);

        CompletionMatch matchB = tracker.Match(TlpHeader.CompletionFor(requestB, s_completer, CompletionStatus.SuccessfulCompletion, 2, 8, 0x00), Pattern(8, seed: 0xB0));
        CompletionMatch matchA = tracker.Match(TlpHeader.CompletionFor(requestA, s_completer, CompletionStatus.SuccessfulCompletion, 2, 8, 0x00), Pattern(8, seed: 0xA0));

        Assert.Equal(CompletionMatchOutcome.Complete, matchB.Outcome);
        Assert.Equal(CompletionMatchOutcome.Complete, matchA.Outcome);
        Assert.Equal(Pattern(8, seed: 0xA0), a);
        Assert.Equal(Pattern(8, seed: 0xB0), b);
    }

    [Fact]
    public void UnalignedReadCopiesOnlyTheEnabledBytes()
    {
        // Figure 2-92: 10 bytes at 1003h, Length 4, Byte Count 10, Lower Address 03h. Payload bytes 0-2 and 13-15
        // are undefined (FF here) and must not reach the destination.
        var tracker = new CompletionTracker();
        byte[] destination = new byte[10];
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 2, address: 0x1003, byteCount: 10);
        tracker.Track(request, destination, timestamp: 0);
        byte[] payload = [0xFF, 0xFF, 0xFF, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xFF, 0xFF, 0xFF];

        CompletionMatch match = tracker.Match(TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, 4, 10, 0x03), payload);

        Assert.Equal(CompletionMatchOutcome.Complete, match.Outcome);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, destination);
    }

    [Fact]
    public void ZeroLengthReadCompletesWithoutCopyingData()
    {
        // Table 2-37: Byte Count 1 for First DW BE 0000b; the one returned DW has undefined content.
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 3, address: 0x1004, byteCount: 0);
        tracker.Track(request, Memory<byte>.Empty, timestamp: 0);

        CompletionMatch match = tracker.Match(TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, 1, 1, 0x04), new byte[4]);

        Assert.Equal(CompletionMatchOutcome.Complete, match.Outcome);
        Assert.Equal(0, match.BytesCopied);
    }

    [Fact]
    public void ConfigurationReadCopiesTheEnabledBytesOfItsDword()
    {
        // CfgRd of the 2-byte Device ID at offset 02h: First DW BE 1100b; CplD Byte Count 4, Lower Address 0,
        // payload 86 80 | 34 12 → Device ID bytes 34 12.
        var tracker = new CompletionTracker();
        byte[] destination = new byte[2];
        TlpHeader request = TlpHeader.ConfigRead(s_requester, tag: 4, destination: s_completer, offset: 0x02, byteCount: 2);
        tracker.Track(request, destination, timestamp: 0);

        CompletionMatch match = tracker.Match(TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, 1, 4, 0), [0x86, 0x80, 0x34, 0x12]);

        Assert.Equal(CompletionMatchOutcome.Complete, match.Outcome);
        Assert.Equal(new byte[] { 0x34, 0x12 }, destination);
    }

    [Fact]
    public void ConfigurationWriteCompletesWithACompletionWithoutData()
    {
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.ConfigWrite(s_requester, tag: 5, destination: s_completer, offset: 0x04, byteCount: 2);
        tracker.Track(request, timestamp: 0);

        CompletionMatch match = tracker.Match(TlpHeader.CompletionWithoutDataFor(request, s_completer, CompletionStatus.SuccessfulCompletion), []);

        Assert.Equal(CompletionMatchOutcome.Complete, match.Outcome);
    }

    [Fact]
    public void AtomicOpCompletionReturnsTheOperandSize()
    {
        // CAS with a 32-byte payload (two 16-byte operands) returns the 16-byte original value: CplD Length 4,
        // Byte Count 16 (§2.2.9: "the Byte Count value must equal the associated AtomicOp operand size").
        var tracker = new CompletionTracker();
        byte[] destination = new byte[16];
        TlpHeader request = new()
        {
            Kind = TlpKind.CompareAndSwap,
            FourDwHeader = true,
            Length = 8,
            RequesterId = s_requester,
            Tag = 6,
            Address = 0x1_0000_0000,
        };
        tracker.Track(request, destination, timestamp: 0);

        CompletionMatch match = tracker.Match(TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, 4, 16, 0), Pattern(16));

        Assert.Equal(CompletionMatchOutcome.Complete, match.Outcome);
        Assert.Equal(Pattern(16), destination);
    }

    [Fact]
    public void TrackRejectsPostedRequests()
    {
        var tracker = new CompletionTracker();
        TlpHeader write = TlpHeader.MemoryWrite(s_requester, tag: 0, address: 0x1000, byteCount: 4);

        Assert.Throws<ArgumentException>(() => tracker.Track(write, timestamp: 0));
    }

    [Fact]
    public void TrackRejectsATagThatIsAlreadyOutstanding()
    {
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 10, address: 0x1000, byteCount: 4);
        tracker.Track(request, new byte[4], timestamp: 0);

        Assert.Throws<InvalidOperationException>(() => tracker.Track(request, new byte[4], timestamp: 1));
    }

    [Fact]
    public void TrackRejectsATagWiderThanTenBits()
    {
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 1024, address: 0x1000, byteCount: 4);

        Assert.Throws<ArgumentException>(() => tracker.Track(request, new byte[4], timestamp: 0));
    }

    [Fact]
    public void TrackRejectsADestinationSmallerThanTheRequest()
    {
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 10, address: 0x1000, byteCount: 64);

        Assert.Throws<ArgumentException>(() => tracker.Track(request, new byte[63], timestamp: 0));
    }

    [Fact]
    public void MatchRejectsATlpThatIsNotACompletion()
    {
        var tracker = new CompletionTracker();

        Assert.Throws<ArgumentException>(() => tracker.Match(TlpHeader.MemoryRead(s_requester, 0, 0x1000, 4), []));
    }

    [Fact]
    public void RemoveAllEndsEveryRequestAndLaterCompletionsAreUnexpected()
    {
        // Link down: three requests outstanding, removed one at a time through a 1-entry span, then a late completion.
        var tracker = new CompletionTracker();
        TlpHeader[] requests = [.. Enumerable.Range(20, 3).Select(t => TlpHeader.MemoryRead(s_requester, (ushort)t, 0x1000, 4))];
        foreach (TlpHeader request in requests)
        {
            tracker.Track(request, new byte[4], timestamp: 0);
        }

        var removedTags = new List<ushort>();
        var one = new OutstandingRequest[1];
        while (tracker.RemoveAll(one) == 1)
        {
            removedTags.Add(one[0].Tag);
        }

        CompletionMatch late = tracker.Match(TlpHeader.CompletionFor(requests[0], s_completer, CompletionStatus.SuccessfulCompletion, 1, 4, 0), new byte[4]);

        Assert.Equal(new ushort[] { 20, 21, 22 }, removedTags.Order());
        Assert.Equal(0, tracker.Count);
        Assert.Equal(CompletionMismatch.UnexpectedTag, late.Mismatch);
    }

    [Fact]
    public void RemoveTimedOutTakesOnlyRequestsAtLeastTimeoutOld()
    {
        // Issued at t=0, 10 and 20; at now=20 with timeout 10, the first two have waited ≥ 10.
        var tracker = new CompletionTracker();
        for (ushort tag = 0; tag < 3; tag++)
        {
            tracker.Track(TlpHeader.MemoryRead(s_requester, tag, 0x1000, 4), new byte[4], timestamp: tag * 10);
        }

        var removed = new OutstandingRequest[4];
        int count = tracker.RemoveTimedOut(now: 20, timeout: 10, removed);

        Assert.Equal(2, count);
        Assert.Equal(new ushort[] { 0, 1 }, removed[..count].Select(r => r.Tag).Order());
        Assert.True(tracker.TryGet(2, out _));
        Assert.Equal(1, tracker.Count);
    }

    [Fact]
    public void TryRemoveGivesUpOnOneRequest()
    {
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 40, address: 0x1000, byteCount: 4);
        tracker.Track(request, new byte[4], timestamp: 3);

        bool removed = tracker.TryRemove(40, out OutstandingRequest outstanding);

        Assert.True(removed);
        Assert.Equal(request, outstanding.Request);
        Assert.False(tracker.TryRemove(40, out _));
        Assert.False(tracker.TryGet(40, out _));
    }

    [Fact]
    public void MatchAllocatesNothing()
    {
        var tracker = new CompletionTracker();
        byte[] destination = new byte[64];
        byte[] payload = new byte[64];
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 50, address: 0x1000, byteCount: 64);
        TlpHeader completion = TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, 16, 64, 0);
        tracker.Track(request, destination, timestamp: 0);
        tracker.Match(completion, payload);
        tracker.Track(request, destination, timestamp: 0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        CompletionMatch match = tracker.Match(completion, payload);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(CompletionMatchOutcome.Complete, match.Outcome);
        Assert.Equal(0, allocated);
    }

    internal static byte[] Pattern(int length, int seed = 0) =>
        [.. Enumerable.Range(seed, length).Select(i => (byte)i)];
}
