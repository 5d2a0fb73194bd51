using Cosim.Tlp;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Injection;

/// <summary>
/// Error injection on a live link: sits between the endpoint (vfio-user or the Cosim link) and a function, and
/// answers the function's own requests that an <see cref="InjectionRule"/> matches the way a failing host would:
/// Completer Abort or Unsupported Request completions, poisoned data, no answer at all, or a late one. Everything
/// else passes through untouched, so the device's and the guest driver's error paths run against the real guest.
/// </summary>
/// <remarks>
/// Rules are tried in order; the first whose type, address range and count match acts. The completions it makes up
/// come from the root port (00:00.0), as the endpoint's own do, and reach the function from inside the call that
/// carried its request, as the endpoint's do too. Only faults allocate (a delayed request's payload is copied).
/// </remarks>
public sealed class ErrorInjectingFunction : IPcieFunction, IDisposable
{
    /// <summary>The Completer ID of made-up completions: the root port, 00:00.0.</summary>
    public static readonly PcieId RootId = default;

    private readonly IPcieFunction _inner;
    private readonly InjectionRule[] _rules;
    private readonly long[] _matched;
    private readonly long[] _hits;
    private readonly ILogger _logger;
    private readonly string _device;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly HashSet<(ushort Requester, ushort Tag)> _poisonedReads = [];
    private readonly HashSet<ITimer> _delayed = [];
    private ITlpReceiver? _upstream;
    private int _generation;

    /// <summary>Injects <paramref name="rules"/> into the traffic of <paramref name="inner"/>.</summary>
    /// <param name="inner">The function (or its checker/trace wrapper).</param>
    /// <param name="rules">The rules, in the order they are tried.</param>
    /// <param name="device">The device name for log lines.</param>
    /// <param name="logger">Where each injected fault is logged.</param>
    /// <param name="timeProvider">The clock of <see cref="InjectionAction.Delay"/>; null for the system clock.</param>
    public ErrorInjectingFunction(IPcieFunction inner, IReadOnlyList<InjectionRule> rules, string device, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(rules);
        _inner = inner;
        _rules = [.. rules];
        _matched = new long[_rules.Length];
        _hits = new long[_rules.Length];
        _device = device;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The rules, in the order they are tried.</summary>
    public IReadOnlyList<InjectionRule> Rules => _rules;

    /// <summary>Wraps <paramref name="function"/> when there are rules; returns it unchanged otherwise.</summary>
    public static IPcieFunction Wrap(IPcieFunction function, IReadOnlyList<InjectionRule> rules, string device, ILogger logger) =>
        rules.Count == 0 ? function : new ErrorInjectingFunction(function, rules, device, logger);

    /// <summary>How many requests rule <paramref name="index"/> has acted on.</summary>
    public long HitsOf(int index)
    {
        lock (_lock)
        {
            return _hits[index];
        }
    }

    /// <inheritdoc />
    public void Attach(ITlpReceiver upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        _upstream = upstream;
        _inner.Attach(new DeviceSide(this));
    }

    /// <inheritdoc />
    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.IsCompletion && IsPoisonedRead(header))
        {
            _inner.Receive(header with { Poisoned = true }, payload);
            return;
        }

        _inner.Receive(header, payload);
    }

    /// <inheritdoc />
    public void Reset()
    {
        CancelPending();
        _inner.Reset();
    }

    /// <summary>Drops the delayed requests not yet sent.</summary>
    public void Dispose() => CancelPending();

    // The function's requests and completions, on their way to the host.
    private void FromDevice(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        ITlpReceiver upstream = _upstream ?? throw new InvalidOperationException("The function sent a TLP before it was attached.");
        if (!header.IsMemoryRequest || IsInterruptWrite(header) || Match(header) is not { } rule)
        {
            upstream.Receive(header, payload);
            return;
        }

        bool isRead = header.Kind != TlpKind.MemoryWrite;
        InjectionLog.Injected(_logger, _device, rule.ToString(), header.ToString());
        switch (rule.Action)
        {
            case InjectionAction.CompleterAbort when isRead:
                _inner.Receive(TlpHeader.CompleterAbortFor(header, RootId), []);
                break;
            case InjectionAction.UnsupportedRequest when isRead:
                _inner.Receive(TlpHeader.UnsupportedRequestFor(header, RootId), []);
                break;
            case InjectionAction.Poison when isRead:
                lock (_lock)
                {
                    _poisonedReads.Add((header.RequesterId.Value, header.Tag));
                }

                upstream.Receive(header, payload);
                break;
            case InjectionAction.Poison:
                upstream.Receive(header with { Poisoned = true }, payload);
                break;
            case InjectionAction.Delay:
                SendLater(header, payload, rule.Delay);
                break;
            default:
                // Drop, and CA/UR of a posted write: the host never sees it.
                break;
        }
    }

    private InjectionRule? Match(in TlpHeader header)
    {
        lock (_lock)
        {
            for (int i = 0; i < _rules.Length; i++)
            {
                InjectionRule rule = _rules[i];
                if (!rule.Matches(header))
                {
                    continue;
                }

                long ordinal = ++_matched[i];
                if (ordinal < rule.Nth || (rule.Count is { } count && ordinal >= rule.Nth + count))
                {
                    continue;
                }

                _hits[i]++;
                return rule;
            }

            return null;
        }
    }

    // A poisoned read's completions all carry EP; the mark goes with the last one (or an unsuccessful one).
    private bool IsPoisonedRead(in TlpHeader completion)
    {
        lock (_lock)
        {
            var key = (completion.RequesterId.Value, completion.Tag);
            if (!_poisonedReads.Contains(key))
            {
                return false;
            }

            int returned = (completion.Length * 4) - (completion.LowerAddress & 3);
            if (completion.Status != CompletionStatus.SuccessfulCompletion || completion.ByteCount <= returned)
            {
                _poisonedReads.Remove(key);
            }

            return true;
        }
    }

    private static bool IsInterruptWrite(in TlpHeader header) =>
        header.Kind == TlpKind.MemoryWrite
        && header.Address - Tlp.Checking.TlpCheckerOptions.DefaultInterruptAddressBase < Tlp.Checking.TlpCheckerOptions.DefaultInterruptAddressSize;

    private void SendLater(in TlpHeader header, ReadOnlySpan<byte> payload, TimeSpan delay)
    {
        // The request outlives this call: copy it (faults only, never the pass-through path).
        TlpHeader request = header;
        byte[] data = payload.ToArray();
        lock (_lock)
        {
            int generation = _generation;
            ITimer? timer = null;
            timer = _time.CreateTimer(
                _ =>
                {
                    lock (_lock)
                    {
                        if (generation != _generation || !_delayed.Remove(timer!))
                        {
                            return;
                        }
                    }

                    timer!.Dispose();
                    _upstream?.Receive(request, data);
                },
                null,
                delay,
                Timeout.InfiniteTimeSpan);
            _delayed.Add(timer);
        }
    }

    private void CancelPending()
    {
        ITimer[] timers;
        lock (_lock)
        {
            _generation++;
            _poisonedReads.Clear();
            timers = [.. _delayed];
            _delayed.Clear();
        }

        foreach (ITimer timer in timers)
        {
            timer.Dispose();
        }
    }

    private sealed class DeviceSide(ErrorInjectingFunction owner) : ITlpReceiver
    {
        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload) => owner.FromDevice(header, payload);
    }
}
