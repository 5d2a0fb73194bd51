using System.Globalization;
using Cosim.Tlp;

namespace Cosim.Testbench.Faults;

/// <summary>
/// One error injection: which of the function's DMA requests it matches and what happens to them. Build it with
/// <see cref="ErrorInjector"/>, then pick the action: <c>faults.ForAddressRange(buffer.Address, 4096).CompleteWith(
/// CompletionStatus.UnsupportedRequest)</c>.
/// </summary>
public sealed class FaultRule
{
    private readonly ErrorInjector _owner;
    private readonly Func<TlpHeader, bool> _matches;
    private readonly Lock _lock = new();
    private int _remaining = int.MaxValue;
    private int _hits;

    internal FaultRule(ErrorInjector owner, string description, Func<TlpHeader, bool> matches)
    {
        _owner = owner;
        Description = description;
        _matches = matches;
    }

    /// <summary>What the rule matches, for messages.</summary>
    public string Description { get; }

    /// <summary>The action.</summary>
    public FaultAction Action { get; private set; }

    /// <summary>The status of <see cref="FaultAction.CompleteWithStatus"/>.</summary>
    public CompletionStatus Status { get; private set; }

    /// <summary>The extra latency of <see cref="FaultAction.Delay"/>.</summary>
    public TimeSpan Delay { get; private set; }

    /// <summary>Requests the rule has acted on.</summary>
    public int Hits
    {
        get
        {
            lock (_lock)
            {
                return _hits;
            }
        }
    }

    /// <summary>Completes matching reads with <paramref name="status"/> (no data); matching writes are dropped.</summary>
    public FaultRule CompleteWith(CompletionStatus status)
    {
        if (status == CompletionStatus.SuccessfulCompletion)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A fault completes with UR, CA or CRS; Successful Completion is no fault.");
        }

        Status = status;
        return Set(FaultAction.CompleteWithStatus);
    }

    /// <summary>Completes matching reads with their data but EP set; matching writes are dropped.</summary>
    public FaultRule Poison() => Set(FaultAction.Poison);

    /// <summary>Answers matching reads (applies matching writes) <paramref name="by"/> later in simulated time.</summary>
    public FaultRule DelayBy(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Delay = by;
        return Set(FaultAction.Delay);
    }

    /// <summary>Never answers matching reads; discards matching writes.</summary>
    public FaultRule Drop() => Set(FaultAction.Drop);

    /// <summary>Acts on the first <paramref name="count"/> matching requests only.</summary>
    public FaultRule Times(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            _remaining = count;
        }

        return this;
    }

    /// <summary>Stops injecting.</summary>
    public void Remove() => _owner.Remove(this);

    /// <inheritdoc/>
    public override string ToString() => Action switch
    {
        FaultAction.CompleteWithStatus => string.Create(CultureInfo.InvariantCulture, $"{Description}: complete with {Status}"),
        FaultAction.Delay => string.Create(CultureInfo.InvariantCulture, $"{Description}: delay by {Delay}"),
        _ => $"{Description}: {Action}",
    };

    /// <summary>True (and counted) when the rule has an action, budget left, and matches <paramref name="request"/>.</summary>
    internal bool TryHit(in TlpHeader request)
    {
        if (Action == FaultAction.None || !_matches(request))
        {
            return false;
        }

        lock (_lock)
        {
            if (_remaining == 0)
            {
                return false;
            }

            if (_remaining != int.MaxValue)
            {
                _remaining--;
            }

            _hits++;
            return true;
        }
    }

    private FaultRule Set(FaultAction action)
    {
        Action = action;
        return this;
    }
}
