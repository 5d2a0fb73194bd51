using Cosim.Tlp.Checking;
using Cosim.Tlp.Config;

namespace Cosim.Tlp.Tests.Checking;

public sealed partial class TlpCheckerTests
{
    [Fact]
    public void CompletionForNoOutstandingRequestIsUnexpected()
    {
        var link = new CheckedLink();
        TlpHeader neverSent = TlpHeader.MemoryRead(s_host, 0x42, 0x1000, 4);

        link.FromFunction(TlpHeader.CompletionFor(neverSent, s_function, CompletionStatus.SuccessfulCompletion, 1, 4, 0));

        CheckerViolation violation = Assert.Single(link.Checker.Violations);
        Assert.Equal(CheckerRule.UnexpectedCompletion, violation.Rule);
        Assert.Equal(LinkDirection.Upstream, violation.Direction);
    }

    [Fact]
    public void CompletionWithWrongByteCountIsReportedOnce()
    {
        // MRd 8 bytes: the only completion must say Byte Count 8.
        var link = new CheckedLink();
        TlpHeader read = TlpHeader.MemoryRead(s_host, 1, 0x1000, 8);
        link.FromHost(read);

        link.FromFunction(TlpHeader.CompletionFor(read, s_function, CompletionStatus.SuccessfulCompletion, 2, byteCount: 12, lowerAddress: 0));
        link.Time.Advance(TimeSpan.FromSeconds(1));
        link.Checker.CheckTimeouts();

        CheckerViolation violation = Assert.Single(link.Checker.Violations);
        Assert.Equal(CheckerRule.CompletionByteCountMismatch, violation.Rule);
        Assert.Contains(read.ToString(), violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompletionWithWrongLowerAddressIsReported()
    {
        // MRd at 1004h: Lower Address must be 04h.
        var link = new CheckedLink();
        TlpHeader read = TlpHeader.MemoryRead(s_host, 1, 0x1004, 4);
        link.FromHost(read);

        link.FromFunction(TlpHeader.CompletionFor(read, s_function, CompletionStatus.SuccessfulCompletion, 1, 4, lowerAddress: 0));

        Assert.Equal([CheckerRule.CompletionLowerAddressMismatch], link.Rules);
    }

    [Fact]
    public void CompletionCarryingMoreThanTheRequestIsReported()
    {
        // MRd 4 bytes answered with 2 DW of data (Byte Count 4 is right, the extra DW is not).
        var link = new CheckedLink();
        TlpHeader read = TlpHeader.MemoryRead(s_host, 1, 0x1000, 4);
        link.FromHost(read);

        link.FromFunction(TlpHeader.CompletionFor(read, s_function, CompletionStatus.SuccessfulCompletion, 2, 4, 0));

        Assert.Equal([CheckerRule.CompletionDataExceedsRequest], link.Rules);
    }

    [Fact]
    public void CompletionWithoutDataForAReadIsAFieldMismatch()
    {
        var link = new CheckedLink();
        TlpHeader read = TlpHeader.MemoryRead(s_host, 1, 0x1000, 4);
        link.FromHost(read);

        link.FromFunction(TlpHeader.CompletionWithoutDataFor(read, s_function, CompletionStatus.SuccessfulCompletion));

        CheckerViolation violation = Assert.Single(link.Checker.Violations);
        Assert.Equal(CheckerRule.CompletionFieldMismatch, violation.Rule);
        Assert.Contains("CompletionKindMismatch", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompletionWithAnotherTrafficClassIsAFieldMismatch()
    {
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.BusMasterEnable);
        TlpHeader read = TlpHeader.MemoryRead(s_function, 1, 0x1000, 4);
        link.FromFunction(read);

        link.FromHost(TlpHeader.CompletionFor(read, s_host, CompletionStatus.SuccessfulCompletion, 1, 4, 0) with { TrafficClass = 3 });

        Assert.Equal([CheckerRule.CompletionFieldMismatch], link.Rules);
    }

    [Fact]
    public void CompletionPayloadAboveMaxPayloadSizeIsReported()
    {
        var link = new CheckedLink();
        TlpHeader read = TlpHeader.MemoryRead(s_host, 1, 0x1000, 256);
        link.FromHost(read);

        link.FromFunction(TlpHeader.CompletionFor(read, s_function, CompletionStatus.SuccessfulCompletion, 64, 256, 0));

        Assert.Equal([CheckerRule.PayloadExceedsMaxPayloadSize], link.Rules);
    }

    [Fact]
    public void MissingCompletionIsReportedOnlyAfterTheTimeout()
    {
        var link = new CheckedLink(new TlpCheckerOptions { CompletionTimeout = TimeSpan.FromMilliseconds(10) });
        TlpHeader read = TlpHeader.MemoryRead(s_host, 1, 0x1000, 4);
        link.FromHost(read);

        link.Time.Advance(TimeSpan.FromMilliseconds(9));
        int early = link.Checker.CheckTimeouts();
        link.Time.Advance(TimeSpan.FromMilliseconds(1));
        int due = link.Checker.CheckTimeouts();

        Assert.Equal(0, early);
        Assert.Equal(1, due);
        CheckerViolation violation = Assert.Single(link.Checker.Violations);
        Assert.Equal(CheckerRule.CompletionTimeout, violation.Rule);
        Assert.Equal(LinkDirection.Downstream, violation.Direction);
        Assert.Equal(read, violation.Tlp);
    }

    [Fact]
    public void UnsuccessfulCompletionEndsTheRequest()
    {
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.BusMasterEnable);
        TlpHeader read = TlpHeader.MemoryRead(s_function, 1, 0x1000, 256);
        link.FromFunction(read);

        link.FromHost(TlpHeader.UnsupportedRequestFor(read, s_host));
        link.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, link.Checker.CheckTimeouts());
        Assert.Empty(link.Checker.Violations);
    }

    [Fact]
    public void PoisonedCompletionIsReportedAndStillCountsTowardItsRequest()
    {
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.BusMasterEnable);
        TlpHeader read = TlpHeader.MemoryRead(s_function, 1, 0x1000, 4);
        link.FromFunction(read);

        link.FromHost(TlpHeader.CompletionFor(read, s_host, CompletionStatus.SuccessfulCompletion, 1, 4, 0) with { Poisoned = true });

        Assert.Equal([CheckerRule.PoisonedTlp], link.Rules);
        Assert.Equal(0, link.Checker.OutstandingRequests);
    }
}
