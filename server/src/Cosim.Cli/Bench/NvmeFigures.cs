namespace Cosim.Cli.Bench;

/// <summary>The fio results of <c>cosim bench nvme</c>, per device label and job, one per round.</summary>
internal sealed class NvmeFigures
{
    private readonly Dictionary<(string Label, string Job), List<FioTerseResult>> _runs = [];
    private readonly Dictionary<(string Label, string Job), long> _interrupts = [];

    /// <summary>Lines that named a run but carried no usable figures, and why.</summary>
    public List<string> Problems { get; } = [];

    public void Add(string label, string job, FioTerseResult result)
    {
        if (!_runs.TryGetValue((label, job), out List<FioTerseResult>? runs))
        {
            runs = [];
            _runs[(label, job)] = runs;
        }

        runs.Add(result);
    }

    /// <summary>Adds the interrupts the device's queues raised during one run (ramp included).</summary>
    public void AddInterrupts(string label, string job, long count) =>
        _interrupts[(label, job)] = _interrupts.GetValueOrDefault((label, job)) + count;

    /// <summary>Interrupts per I/O over all rounds, given the seconds each run lasted with its ramp; NaN without figures.</summary>
    public double InterruptsPerIo(string label, string job, int secondsPerRun)
    {
        IReadOnlyList<FioTerseResult> runs = Runs(label, job);
        double ios = runs.Sum(r => (double)r.Iops * secondsPerRun);
        return ios > 0 && _interrupts.TryGetValue((label, job), out long count) ? count / ios : double.NaN;
    }

    /// <summary>The runs of <paramref name="job"/> on device <paramref name="label"/>, in round order.</summary>
    public IReadOnlyList<FioTerseResult> Runs(string label, string job) =>
        _runs.TryGetValue((label, job), out List<FioTerseResult>? runs) ? runs : [];

    /// <summary>The mean over the rounds of IOPS (<paramref name="iops"/>) or MB/s.</summary>
    public bool TryGetMean(string label, string job, bool iops, out double mean)
    {
        IReadOnlyList<FioTerseResult> runs = Runs(label, job);
        mean = runs.Count == 0 ? double.NaN : runs.Average(r => iops ? r.Iops : r.MegabytesPerSecond);
        return runs.Count > 0;
    }
}
