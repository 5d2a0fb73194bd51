using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Checking;

/// <summary>
/// A protocol checker for the link between a host and one PCIe function. It watches TLPs in both directions (as a tap:
/// <see cref="Wrap(ITlpReceiver, LinkDirection)"/> or <see cref="Wrap(IPcieFunction)"/>), tracks every non-posted
/// request until its completions are in (<see cref="CompletionTracker"/>), learns the function's Command, MSI, MSI-X
/// and Device Control registers from the configuration requests it sees, and reports each broken
/// <see cref="CheckerRule"/> as a <see cref="CheckerViolation"/> that names the rule and the TLP.
/// </summary>
/// <remarks>
/// <para>
/// No clock runs inside: requests are stamped with the <see cref="TimeProvider"/>'s timestamp, and
/// <see cref="CheckTimeouts"/> reports the ones older than the Completion Timeout when the caller asks (a test passes
/// a simulated clock, a link the system one). The checker observes a TLP before it is forwarded, so a request is
/// tracked before the completion it provokes can come back, even from inside the forwarding call.
/// </para>
/// <para>Thread-safe; TLPs that carry no violation are checked without allocating.</para>
/// </remarks>
public sealed partial class TlpChecker
{
    private const int ExpiredBatch = 32;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly long _timeoutTicks;
    private readonly CompletionTracker _hostRequests = new();
    private readonly CompletionTracker _functionRequests = new();
    private readonly ConfigShadow _config = new();
    private readonly byte[] _discard = new byte[TlpHeader.MaxPayloadBytes];
    private readonly OutstandingRequest[] _expired = new OutstandingRequest[ExpiredBatch];
    private readonly List<CheckerViolation> _violations = [];

    /// <summary>Creates a checker.</summary>
    /// <param name="options">Limits and mode; null for the defaults.</param>
    /// <param name="timeProvider">The clock of Completion Timeouts; null for <see cref="TimeProvider.System"/>.</param>
    public TlpChecker(TlpCheckerOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new TlpCheckerOptions();
        if (Options.CompletionTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.CompletionTimeout, "TlpCheckerOptions.CompletionTimeout must be positive.");
        }

        _time = timeProvider ?? TimeProvider.System;
        _timeoutTicks = (long)(Options.CompletionTimeout.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>
    /// Raised for every violation, on the thread that observed it, after it was recorded and before a
    /// <see cref="CheckerMode.Throw"/> checker throws. Handlers must not throw.
    /// </summary>
    public event Action<CheckerViolation>? ViolationDetected;

    /// <summary>The limits and mode the checker was created with.</summary>
    public TlpCheckerOptions Options { get; }

    /// <summary>A copy of the violations found so far, oldest first.</summary>
    public IReadOnlyList<CheckerViolation> Violations
    {
        get
        {
            lock (_lock)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>Non-posted requests (both directions) still waiting for completions.</summary>
    public int OutstandingRequests => _hostRequests.Count + _functionRequests.Count;

    /// <summary>The Max_Payload_Size the checker enforces now: from Device Control once seen, else the option.</summary>
    public MaxPayloadSize MaxPayloadSize
    {
        get
        {
            lock (_lock)
            {
                return _config.TryGetTransferSizes(out MaxPayloadSize size, out _) ? size : Options.MaxPayloadSize;
            }
        }
    }

    /// <summary>The function's Max_Read_Request_Size the checker enforces now: from Device Control once seen, else the option.</summary>
    public MaxReadRequestSize MaxReadRequestSize
    {
        get
        {
            lock (_lock)
            {
                return _config.TryGetTransferSizes(out _, out MaxReadRequestSize size) ? size : Options.MaxReadRequestSize;
            }
        }
    }

    /// <summary>Bus Master Enable as the checker last saw software write it.</summary>
    public bool BusMasterEnable
    {
        get
        {
            lock (_lock)
            {
                return _config.BusMasterEnable;
            }
        }
    }

    /// <summary>
    /// A receiver that checks every TLP travelling in <paramref name="direction"/>, then hands it to
    /// <paramref name="inner"/>. Wrap the function for <see cref="LinkDirection.Downstream"/> and the host's receiver
    /// (what the function is attached to) for <see cref="LinkDirection.Upstream"/>.
    /// </summary>
    public ITlpReceiver Wrap(ITlpReceiver inner, LinkDirection direction)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new CheckedReceiver(this, inner, direction);
    }

    /// <summary>
    /// <paramref name="function"/> behind this checker: TLPs to it are checked as downstream, the ones it sends to the
    /// receiver it is attached to as upstream, and its <see cref="IPcieFunction.Reset"/> also resets the checker.
    /// </summary>
    public IPcieFunction Wrap(IPcieFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new CheckedFunction(this, function);
    }

    /// <summary>
    /// Checks one TLP travelling in <paramref name="direction"/> (the taps call this before forwarding). In
    /// <see cref="CheckerMode.Throw"/>, throws <see cref="TlpCheckerException"/> for the first rule it breaks.
    /// </summary>
    public void Observe(LinkDirection direction, in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        var found = new Findings();
        lock (_lock)
        {
            if (CheckFormation(direction, header, payload, ref found))
            {
                if (header.IsCompletion)
                {
                    CheckCompletion(direction, header, payload, ref found);
                }
                else
                {
                    CheckRequest(direction, header, payload, ref found);
                }
            }
        }

        Report(ref found);
    }

    /// <summary>
    /// Reports every request whose Completion Timeout has expired by now as <see cref="CheckerRule.CompletionTimeout"/>
    /// and stops tracking it. Returns how many there were.
    /// </summary>
    public int CheckTimeouts()
    {
        long now = _time.GetTimestamp();
        int total = 0;
        total += ExpireRequests(_hostRequests, LinkDirection.Downstream, now);
        total += ExpireRequests(_functionRequests, LinkDirection.Upstream, now);
        return total;
    }

    /// <summary>
    /// The function was reset (conventional reset, link down): its configuration returns to power-on values as far as
    /// the checker knows, and the requests outstanding in either direction are dropped without a violation.
    /// </summary>
    public void Reset()
    {
        lock (_lock)
        {
            _config.Reset();
            DropAll(_hostRequests);
            DropAll(_functionRequests);
        }
    }

    /// <summary>Forgets the violations found so far.</summary>
    public void ClearViolations()
    {
        lock (_lock)
        {
            _violations.Clear();
        }
    }

    private int ExpireRequests(CompletionTracker tracker, LinkDirection direction, long now)
    {
        int total = 0;
        while (true)
        {
            var found = new Findings();
            int count;
            lock (_lock)
            {
                count = tracker.RemoveTimedOut(now, _timeoutTicks, _expired);
                for (int i = 0; i < count; i++)
                {
                    OutstandingRequest request = _expired[i];
                    Add(ref found, CheckerRule.CompletionTimeout, direction, request.Request, $"no completion within {Options.CompletionTimeout.TotalMilliseconds} ms ({request.RemainingByteCount} of its bytes still due)");
                }

                Array.Clear(_expired);
            }

            total += count;
            Report(ref found);
            if (count < ExpiredBatch)
            {
                return total;
            }
        }
    }

    private void DropAll(CompletionTracker tracker)
    {
        while (tracker.RemoveAll(_expired) > 0)
        {
        }

        Array.Clear(_expired);
    }

    // Called with the lock held: records the violation now, hands it to the handlers later (outside the lock).
    private void Add(ref Findings found, CheckerRule rule, LinkDirection direction, in TlpHeader tlp, string message)
    {
        var violation = new CheckerViolation(rule, direction, tlp, message, _time.GetTimestamp());
        _violations.Add(violation);
        (found.Violations ??= []).Add(violation);
    }

    private void Report(ref Findings found)
    {
        if (found.Violations is not { } violations)
        {
            return;
        }

        Action<CheckerViolation>? handler = ViolationDetected;
        foreach (CheckerViolation violation in violations)
        {
            handler?.Invoke(violation);
        }

        if (Options.Mode == CheckerMode.Throw)
        {
            throw new TlpCheckerException(violations[0]);
        }
    }

    /// <summary>The violations one observation produced; null (no allocation) when there were none.</summary>
    private struct Findings
    {
        public List<CheckerViolation>? Violations;
    }
}
