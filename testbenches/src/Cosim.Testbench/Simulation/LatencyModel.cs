namespace Cosim.Testbench.Simulation;

/// <summary>
/// How long the root complex takes to answer a function's read, in simulated time: none (answered inside the request
/// call), fixed, or drawn from a seeded uniform distribution, so reads issued together complete out of order the same
/// way on every run. The completions of one request keep their address order (§2.3.1.1), spaced by
/// <see cref="PerCompletion"/>.
/// </summary>
public sealed class LatencyModel
{
    private readonly Lock _lock = new();
    private readonly Random? _random;

    private LatencyModel(TimeSpan minimum, TimeSpan maximum, TimeSpan perCompletion, int seed)
    {
        if (minimum < TimeSpan.Zero || maximum < minimum)
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), maximum, "Latency: 0 ≤ minimum ≤ maximum.");
        }

        if (perCompletion < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(perCompletion), perCompletion, "Latency: the spacing of split completions cannot be negative.");
        }

        Minimum = minimum;
        Maximum = maximum;
        PerCompletion = perCompletion;
        _random = maximum > minimum ? new Random(seed) : null;
    }

    /// <summary>No latency: completions are sent from inside the request's call, in order.</summary>
    public static LatencyModel None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>Shortest latency of a request's first completion.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>Longest latency of a request's first completion.</summary>
    public TimeSpan Maximum { get; }

    /// <summary>Simulated time between consecutive completions of one request.</summary>
    public TimeSpan PerCompletion { get; }

    /// <summary>True when completions are sent inline, without the clock.</summary>
    public bool IsNone => Maximum == TimeSpan.Zero && PerCompletion == TimeSpan.Zero;

    /// <summary>Every request's first completion after <paramref name="latency"/>.</summary>
    public static LatencyModel Fixed(TimeSpan latency, TimeSpan perCompletion = default) => new(latency, latency, perCompletion, 0);

    /// <summary>
    /// Each request's first completion after a latency drawn uniformly from [<paramref name="minimum"/>,
    /// <paramref name="maximum"/>] with a generator seeded by <paramref name="seed"/>: reads overtake each other.
    /// </summary>
    public static LatencyModel Uniform(TimeSpan minimum, TimeSpan maximum, int seed, TimeSpan perCompletion = default) =>
        new(minimum, maximum, perCompletion, seed);

    /// <summary>The latency of the next request.</summary>
    internal TimeSpan Next()
    {
        if (_random is null)
        {
            return Minimum;
        }

        lock (_lock)
        {
            return Minimum + TimeSpan.FromTicks(_random.NextInt64((Maximum - Minimum).Ticks + 1));
        }
    }
}
