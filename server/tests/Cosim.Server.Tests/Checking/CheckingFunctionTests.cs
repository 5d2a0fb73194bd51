using Cosim.Server.Checking;
using Cosim.Server.Tests.Fakes;
using Cosim.Tlp;
using Cosim.Tlp.Checking;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Tests.Checking;

public sealed class CheckingFunctionTests : IDisposable
{
    private const int ViolationEventId = 400;
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(100);

    private readonly ScriptedFunction _device = new();
    private readonly RecordingLoggerFactory _logs = new();
    private readonly ManualClock _clock = new();
    private readonly CheckingFunction _checking;
    private readonly RecordingHost _host;

    public CheckingFunctionTests()
    {
        _checking = new CheckingFunction(_device, "dev0", _logs.CreateLogger("checker"), s_timeout, _clock);
        _host = new RecordingHost(_checking);
        _host.EnableBusMaster();
    }

    public void Dispose() => _checking.Dispose();

    [Fact]
    public void ABrokenDevicesReadAcrossA4KiBBoundaryIsLoggedWithTheRuleAndTheTlpAndCounted()
    {
        // MRd of 8 bytes at 0x1000_0FFC: bytes 0x0FFC-0x1003 cross the page boundary at 0x1000_1000.
        _device.Read(0x1000_0FFC, 8, tag: 1);

        CheckerViolation violation = Assert.Single(_checking.Violations);
        Assert.Equal(CheckerRule.CrossesFourKiBBoundary, violation.Rule);
        Assert.Equal(LinkDirection.Upstream, violation.Direction);
        Assert.Equal(1, _checking.ViolationCount);
        (LogLevel level, _, _, string message) = Assert.Single(_logs.Lines, l => l.EventId == ViolationEventId);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("'dev0'", message, StringComparison.Ordinal);
        Assert.Contains("CrossesFourKiBBoundary (Upstream)", message, StringComparison.Ordinal);
        Assert.Contains("addr=0x10000ffc", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTrafficPassesUnchangedThroughTheChecker()
    {
        _device.Read(0x1000_0FFC, 8, tag: 1);

        TlpHeader request = Assert.Single(_host.ReceivedRequests);
        Assert.Equal(0x1000_0FFCUL, request.Address);
        Assert.Equal(2, _device.ReceivedCompletions.Count());
    }

    [Fact]
    public void ACompletionWithTheWrongByteCountIsAViolation()
    {
        _host.MemoryRead(0x8000_0000, 8);
        TlpHeader request = _device.Received[^1].Header;

        // Byte Count must be the 8 bytes that remain; the broken device says 4.
        _device.Send(TlpHeader.CompletionFor(request, ScriptedFunction.Id, CompletionStatus.SuccessfulCompletion, 2, 4, 0), new byte[8]);

        Assert.Equal([CheckerRule.CompletionByteCountMismatch], _checking.Violations.Select(v => v.Rule));
    }

    [Fact]
    public void ACompletionForATagThatIsNotOutstandingIsUnexpected()
    {
        TlpHeader neverSent = TlpHeader.MemoryRead(default, 0x42, 0x8000_0000, 4);

        _device.Send(TlpHeader.CompletionFor(neverSent, ScriptedFunction.Id, CompletionStatus.SuccessfulCompletion, 1, 4, 0), new byte[4]);

        Assert.Equal([CheckerRule.UnexpectedCompletion], _checking.Violations.Select(v => v.Rule));
    }

    [Fact]
    public void ADmaWriteWhileBusMasterEnableIsClearIsAViolation()
    {
        _host.ConfigWrite(0x04, 0x2); // Memory Space only

        _device.Write(0x2000, new byte[8]);

        Assert.Equal([CheckerRule.RequestWithoutBusMasterEnable], _checking.Violations.Select(v => v.Rule));
    }

    [Fact]
    public void ARequestLeftUnansweredIsReportedOnceItsCompletionTimeoutHasPassed()
    {
        _host.AnswerReads = false;
        _device.Read(0x2000, 64, tag: 7);

        _clock.Advance(s_timeout / 2);
        Assert.Empty(_checking.Violations);
        _clock.Advance(s_timeout);

        CheckerViolation violation = Assert.Single(_checking.Violations);
        Assert.Equal(CheckerRule.CompletionTimeout, violation.Rule);
        Assert.Equal(7, violation.Tlp.Tag);
    }

    [Fact]
    public void AnsweredRequestsNeverTimeOut()
    {
        _device.Read(0x2000, 300, tag: 7);

        _clock.Advance(s_timeout * 3);

        Assert.Empty(_checking.Violations);
        Assert.Equal(0, _checking.Checker.OutstandingRequests);
    }

    [Fact]
    public void ResetResetsTheFunctionAndDropsOutstandingRequestsWithoutAViolation()
    {
        _host.AnswerReads = false;
        _device.Read(0x2000, 64, tag: 7);

        _checking.Reset();
        _clock.Advance(s_timeout * 3);

        Assert.Equal(1, _device.Resets);
        Assert.Empty(_checking.Violations);
    }

    [Fact]
    public void TheCheckerLearnsBusMasterEnableFromTheHostsConfigurationWrite() =>
        Assert.True(_checking.Checker.BusMasterEnable);

    [Fact]
    public void DisposeStopsTheTimeoutTimer()
    {
        Assert.Equal(1, _clock.ActiveTimers);

        _checking.Dispose();

        Assert.Equal(0, _clock.ActiveTimers);
    }

    [Fact]
    public void WrapLeavesTheFunctionAloneWhenCheckingIsOff()
    {
        var device = new ScriptedFunction();

        Assert.Same(device, CheckingFunction.Wrap(device, check: false, "dev", _logs.CreateLogger("x"), s_timeout));
        using var wrapped = (CheckingFunction)CheckingFunction.Wrap(device, check: true, "dev", _logs.CreateLogger("x"), s_timeout);
    }
}
