using System.Globalization;

namespace Cosim.Cli.Bench;

/// <summary>
/// Access latencies merged from the guest's per-block reports: the exact mean (from each block's mean and count)
/// and percentiles from the 0.1 µs histogram lines (<c>read-hist 0.1us BUCKET:COUNT ...</c>).
/// </summary>
internal sealed class LatencyDistribution
{
    private const double BucketMicroseconds = 0.1;
    private readonly SortedDictionary<long, long> _buckets = [];
    private double _weightedSum;

    public long Count { get; private set; }

    public double Mean => Count == 0 ? double.NaN : _weightedSum / Count;

    public double Minimum => _buckets.Count == 0 ? double.NaN : _buckets.Keys.First() * BucketMicroseconds;

    /// <summary>Adds one block's summary line: <c>read: mean=41.2 p50=40.1 p99=60.3 min=35.0 us n=2000</c>.</summary>
    public void AddSummary(string line)
    {
        double mean = double.Parse(Field(line, " mean="), CultureInfo.InvariantCulture);
        long n = long.Parse(Field(line, " n="), CultureInfo.InvariantCulture);
        _weightedSum += mean * n;
        Count += n;
    }

    /// <summary>Adds one block's histogram line: <c>read-hist 0.1us 401:3 402:17 ...</c>.</summary>
    public void AddHistogram(string line)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (string pair in words.Skip(2))
        {
            int colon = pair.IndexOf(':', StringComparison.Ordinal);
            long bucket = long.Parse(pair.AsSpan(0, colon), CultureInfo.InvariantCulture);
            long count = long.Parse(pair.AsSpan(colon + 1), CultureInfo.InvariantCulture);
            _buckets[bucket] = _buckets.GetValueOrDefault(bucket) + count;
        }
    }

    /// <summary>The latency below which <paramref name="percent"/> % of the accesses fall (0.1 µs resolution).</summary>
    public double Percentile(double percent)
    {
        long total = _buckets.Values.Sum();
        if (total == 0)
        {
            return double.NaN;
        }

        long rank = (long)Math.Floor((total - 1) * percent / 100.0);
        long seen = 0;
        foreach ((long bucket, long count) in _buckets)
        {
            seen += count;
            if (seen > rank)
            {
                return bucket * BucketMicroseconds;
            }
        }

        return _buckets.Keys.Last() * BucketMicroseconds;
    }

    private static string Field(string line, string name)
    {
        int start = line.IndexOf(name, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new FormatException($"'{name}' missing in the guest's bench line: {line}");
        }

        start += name.Length;
        int end = line.IndexOf(' ', start);
        return end < 0 ? line[start..] : line[start..end];
    }
}
