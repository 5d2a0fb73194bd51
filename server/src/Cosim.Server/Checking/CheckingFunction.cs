using Cosim.Tlp;
using Cosim.Tlp.Checking;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Checking;

/// <summary>
/// A function with both directions of its link fed into a <see cref="TlpChecker"/>: TLPs to it are checked as
/// downstream, the ones it sends as upstream. Each violation is logged once, as a warning that names the rule, the
/// direction, what was wrong and the decoded TLP, and counted; the traffic itself passes unchanged. A timer asks the
/// checker for requests past their Completion Timeout. Wraps a behavioural or RTL model in <c>run</c>/<c>serve</c>
/// and the proxy in <c>endpoint</c>, so both ends of a Cosim link can be checked.
/// </summary>
public sealed class CheckingFunction : IPcieFunction, IDisposable
{
    private readonly IPcieFunction _checked;
    private readonly ILogger _logger;
    private readonly string _device;
    private readonly ITimer _timeouts;
    private int _violationCount;

    /// <summary>Checks the link of <paramref name="inner"/>.</summary>
    /// <param name="inner">The function (model, RTL bridge or link proxy).</param>
    /// <param name="device">The device name for log lines.</param>
    /// <param name="logger">Where violations are logged.</param>
    /// <param name="completionTimeout">How long a non-posted request may wait for its completions.</param>
    /// <param name="timeProvider">The clock of Completion Timeouts and of the timer that looks for them; null for the system clock.</param>
    public CheckingFunction(IPcieFunction inner, string device, ILogger logger, TimeSpan completionTimeout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        TimeProvider time = timeProvider ?? TimeProvider.System;
        _device = device;
        _logger = logger;
        Checker = new TlpChecker(new TlpCheckerOptions { CompletionTimeout = completionTimeout, Mode = CheckerMode.Collect }, time);
        Checker.ViolationDetected += OnViolation;
        _checked = Checker.Wrap(inner);

        // A request is reported between one and one and a half timeouts after it was sent.
        TimeSpan period = completionTimeout / 2;
        _timeouts = time.CreateTimer(_ => Checker.CheckTimeouts(), null, period, period);
        CheckingLog.Enabled(logger, device, completionTimeout);
    }

    /// <summary>The checker (its violations, learned limits and Bus Master Enable).</summary>
    public TlpChecker Checker { get; }

    /// <summary>Violations found so far.</summary>
    public int ViolationCount => Volatile.Read(ref _violationCount);

    /// <summary>A copy of the violations found so far, oldest first.</summary>
    public IReadOnlyList<CheckerViolation> Violations => Checker.Violations;

    /// <summary>Wraps <paramref name="function"/> when <paramref name="check"/>; returns it unchanged otherwise.</summary>
    public static IPcieFunction Wrap(IPcieFunction function, bool check, string device, ILogger logger, TimeSpan completionTimeout) =>
        check ? new CheckingFunction(function, device, logger, completionTimeout) : function;

    /// <inheritdoc />
    public void Attach(ITlpReceiver upstream) => _checked.Attach(upstream);

    /// <inheritdoc />
    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload) => _checked.Receive(header, payload);

    /// <summary>Resets the function and the checker (its outstanding requests are dropped without a violation).</summary>
    public void Reset() => _checked.Reset();

    /// <summary>Stops looking for timed-out requests.</summary>
    public void Dispose() => _timeouts.Dispose();

    private void OnViolation(CheckerViolation violation)
    {
        Interlocked.Increment(ref _violationCount);
        CheckingLog.Violation(_logger, _device, violation.Rule, violation.Direction, violation.Message, violation.Tlp.ToString());
    }
}
