using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Tests.Transactions;

/// <summary>Each <see cref="CompletionMismatch"/> rule, made to fire by one wrong field of an otherwise good completion.</summary>
public sealed class CompletionTrackerMismatchTests
{
    private static readonly PcieId s_requester = PcieId.From(0x01, 0, 0);
    private static readonly PcieId s_completer = PcieId.From(0x00, 0, 0);

    // The request every test starts from: MRd 256 bytes at 10020h, Tag 5, TC 2, Relaxed Ordering. Its first
    // completion with MPS 128, RCB 128 is CplD Length 24 (96 bytes), Byte Count 256, Lower Address 20h.
    private static readonly TlpHeader s_read = TlpHeader.MemoryRead(s_requester, tag: 5, address: 0x10020, byteCount: 256)
        with { TrafficClass = 2, Attributes = TlpAttributes.RelaxedOrdering };

    private static readonly TlpHeader s_firstCompletion =
        TlpHeader.CompletionFor(s_read, s_completer, CompletionStatus.SuccessfulCompletion, dataDwords: 24, byteCount: 256, lowerAddress: 0x20);

    [Fact]
    public void GoodFirstCompletionIsAccepted()
    {
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion, new byte[96]);

        Assert.Equal(CompletionMatchOutcome.Partial, match.Outcome);
    }

    [Fact]
    public void CompletionForATagWithNoRequestIsUnexpected()
    {
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion with { Tag = 6 }, new byte[96]);

        AssertRefused(CompletionMismatch.UnexpectedTag, match, tracker);
        Assert.Equal(default, match.Request);
    }

    [Fact]
    public void CompletionForAnotherRequesterIdIsUnexpected()
    {
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion with { RequesterId = PcieId.From(0x02, 0, 0) }, new byte[96]);

        AssertRefused(CompletionMismatch.UnexpectedTag, match, tracker);
    }

    [Fact]
    public void TenBitTagCompletionWithTag9To8DroppedIsUnexpected()
    {
        // §2.2.6.2: a Completer without 10-Bit Tag Completer capability returns Tag[9:8] = 00b: 305 (131h) comes back as 31h.
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 0x131, address: 0x1000, byteCount: 4);
        tracker.Track(request, new byte[4], timestamp: 0);
        TlpHeader completion = TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, 1, 4, 0) with { Tag = 0x31 };

        CompletionMatch match = tracker.Match(completion, new byte[4]);

        Assert.Equal(CompletionMismatch.UnexpectedTag, match.Mismatch);
    }

    [Fact]
    public void TrafficClassThatDiffersFromTheRequestIsRefused()
    {
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion with { TrafficClass = 0 }, new byte[96]);

        AssertRefused(CompletionMismatch.TrafficClassMismatch, match, tracker);
    }

    [Fact]
    public void RelaxedOrderingOrNoSnoopThatDiffersFromTheRequestIsRefused()
    {
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion with { Attributes = TlpAttributes.NoSnoop | TlpAttributes.RelaxedOrdering }, new byte[96]);

        AssertRefused(CompletionMismatch.AttributesMismatch, match, tracker);
    }

    [Fact]
    public void IdBasedOrderingIsNotChecked()
    {
        // §2.3.2: "The Requester must not check the IDO Attribute (Attribute Bit 2) in the Completion".
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion with { Attributes = TlpAttributes.RelaxedOrdering | TlpAttributes.IdBasedOrdering }, new byte[96]);

        Assert.Equal(CompletionMatchOutcome.Partial, match.Outcome);
    }

    [Theory]
    [InlineData(CompletionStatus.UnsupportedRequest)]
    [InlineData(CompletionStatus.CompleterAbort)]
    [InlineData(CompletionStatus.ConfigurationRequestRetry)]
    [InlineData((CompletionStatus)0b111)]
    public void UnsuccessfulStatusTerminatesTheRequest(CompletionStatus status)
    {
        // §2.3.2: "The Requester must consider the Request terminated, and not expect additional Completions".
        CompletionTracker tracker = TrackRead();
        TlpHeader completion = TlpHeader.CompletionFor(s_read, s_completer, status, dataDwords: 0, byteCount: 256, lowerAddress: 0x20);

        CompletionMatch match = tracker.Match(completion, []);

        Assert.Equal(CompletionMatchOutcome.Mismatch, match.Outcome);
        Assert.Equal(CompletionMismatch.StatusNotSuccessful, match.Mismatch);
        Assert.True(match.RequestEnded);
        Assert.Equal((ushort)5, match.Request.Tag);
        Assert.Equal(0, tracker.Count);
    }

    [Fact]
    public void SuccessfulCompletionWithoutDataForAReadIsRefused()
    {
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion with { Kind = TlpKind.Completion, Length = 0 }, []);

        AssertRefused(CompletionMismatch.CompletionKindMismatch, match, tracker);
    }

    [Fact]
    public void LockedCompletionForAnUnlockedReadIsRefused()
    {
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion with { Kind = TlpKind.CompletionLockedWithData }, new byte[96]);

        AssertRefused(CompletionMismatch.CompletionKindMismatch, match, tracker);
    }

    [Fact]
    public void PayloadShorterThanLengthIsRefused()
    {
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion, new byte[92]);

        AssertRefused(CompletionMismatch.PayloadLengthMismatch, match, tracker);
    }

    [Fact]
    public void PoisonedCompletionIsRefused()
    {
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion with { Poisoned = true }, new byte[96]);

        AssertRefused(CompletionMismatch.Poisoned, match, tracker);
    }

    [Fact]
    public void CompletionLargerThanMaxPayloadSizeIsRefused()
    {
        // Receiver MPS 128; the Completer sent 224 bytes (56 DW) to the RCB boundary 10100h.
        var tracker = new CompletionTracker(MaxPayloadSize.Bytes128);
        tracker.Track(s_read, new byte[256], timestamp: 0);

        CompletionMatch match = tracker.Match(s_firstCompletion with { Length = 56 }, new byte[224]);

        AssertRefused(CompletionMismatch.MaxPayloadSizeExceeded, match, tracker);
    }

    [Fact]
    public void ByteCountOtherThanTheRemainingBytesIsRefused()
    {
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion with { ByteCount = 96 }, new byte[96]);

        AssertRefused(CompletionMismatch.ByteCountMismatch, match, tracker);
    }

    [Fact]
    public void ByteCountModifiedByAPciXCompleterIsNotChecked()
    {
        // §2.3.1.1 Implementation Note "BCM Bit Usage": the first completion's Byte Count covers only itself.
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion with { ByteCount = 96, ByteCountModified = true }, new byte[96]);

        Assert.Equal(CompletionMatchOutcome.Partial, match.Outcome);
    }

    [Fact]
    public void ConfigurationCompletionWithByteCountOtherThanFourIsRefused()
    {
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.ConfigRead(s_requester, tag: 7, destination: s_completer, offset: 0, byteCount: 2);
        tracker.Track(request, new byte[2], timestamp: 0);

        CompletionMatch match = tracker.Match(TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, 1, 2, 0), new byte[4]);

        AssertRefused(CompletionMismatch.ByteCountMismatch, match, tracker);
    }

    [Fact]
    public void LowerAddressOtherThanTheNextByteIsRefused()
    {
        CompletionTracker tracker = TrackRead();

        CompletionMatch match = tracker.Match(s_firstCompletion with { LowerAddress = 0x00 }, new byte[96]);

        AssertRefused(CompletionMismatch.LowerAddressMismatch, match, tracker);
    }

    [Fact]
    public void ConfigurationCompletionWithNonZeroLowerAddressIsRefused()
    {
        // §2.2.9: Lower Address "is set to all 0's for all remaining types of Completions".
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.ConfigRead(s_requester, tag: 7, destination: s_completer, offset: 2, byteCount: 2);
        tracker.Track(request, new byte[2], timestamp: 0);

        CompletionMatch match = tracker.Match(TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, 1, 4, 0x02), new byte[4]);

        AssertRefused(CompletionMismatch.LowerAddressMismatch, match, tracker);
    }

    [Fact]
    public void CompletionWithMoreDwordsThanTheRequestIsRefused()
    {
        // MRd of 8 bytes at 1000h (2 DW) answered with 3 DW.
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.MemoryRead(s_requester, tag: 8, address: 0x1000, byteCount: 8);
        tracker.Track(request, new byte[8], timestamp: 0);

        CompletionMatch match = tracker.Match(TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, 3, 8, 0), new byte[12]);

        AssertRefused(CompletionMismatch.DataExceedsRequest, match, tracker);
    }

    [Fact]
    public void ConfigurationReadCompletionOfTwoDwordsIsRefused()
    {
        var tracker = new CompletionTracker();
        TlpHeader request = TlpHeader.ConfigRead(s_requester, tag: 9, destination: s_completer, offset: 0, byteCount: 4);
        tracker.Track(request, new byte[4], timestamp: 0);

        CompletionMatch match = tracker.Match(TlpHeader.CompletionFor(request, s_completer, CompletionStatus.SuccessfulCompletion, 2, 4, 0), new byte[8]);

        AssertRefused(CompletionMismatch.LengthMismatch, match, tracker);
    }

    [Fact]
    public void CompletionEndingOffTheReadCompletionBoundaryIsRefusedWhenChecked()
    {
        // A first completion of 32 bytes from 10020h ends at 10040h: a multiple of 64 but not of 128.
        var strict = new CompletionTracker(readCompletionBoundary: ReadCompletionBoundary.Bytes128);
        var lenient = new CompletionTracker(readCompletionBoundary: ReadCompletionBoundary.Bytes64);
        strict.Track(s_read, new byte[256], timestamp: 0);
        lenient.Track(s_read, new byte[256], timestamp: 0);
        TlpHeader toRcb64 = s_firstCompletion with { Length = 8 };

        CompletionMatch strictMatch = strict.Match(toRcb64, new byte[32]);
        CompletionMatch lenientMatch = lenient.Match(toRcb64, new byte[32]);

        AssertRefused(CompletionMismatch.ReadCompletionBoundaryViolation, strictMatch, strict);
        Assert.Equal(CompletionMatchOutcome.Partial, lenientMatch.Outcome);
    }

    [Fact]
    public void RequestSurvivesARefusedCompletionAndCompletesWithGoodOnes()
    {
        CompletionTracker tracker = TrackRead();
        tracker.Match(s_firstCompletion with { ByteCount = 1 }, new byte[96]);

        CompletionMatch whole = tracker.Match(s_firstCompletion with { Length = 64 }, new byte[256]);

        Assert.Equal(CompletionMatchOutcome.Complete, whole.Outcome);
    }

    private static CompletionTracker TrackRead()
    {
        var tracker = new CompletionTracker();
        tracker.Track(s_read, new byte[256], timestamp: 0);
        return tracker;
    }

    private static void AssertRefused(CompletionMismatch expected, CompletionMatch match, CompletionTracker tracker)
    {
        Assert.Equal(CompletionMatchOutcome.Mismatch, match.Outcome);
        Assert.Equal(expected, match.Mismatch);
        Assert.False(match.RequestEnded);
        Assert.Equal(0, match.BytesCopied);
        Assert.Equal(1, tracker.Count);
    }
}
