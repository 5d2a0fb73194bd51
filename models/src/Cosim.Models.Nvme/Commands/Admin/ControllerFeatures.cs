namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>Current values of the features (NVMe Base 1.4 §5.21.1); a controller reset returns them to their defaults.</summary>
internal sealed class ControllerFeatures
{
    /// <summary>Default over-temperature threshold of the Composite Temperature: 343 K (70 °C).</summary>
    public const ushort DefaultOverTemperatureThreshold = 343;

    private volatile bool _volatileWriteCacheEnabled = true;

    public ControllerFeatures(int ioQueueCount)
    {
        SubmissionQueuesAllocated = ioQueueCount;
        CompletionQueuesAllocated = ioQueueCount;
    }

    /// <summary>I/O Submission Queues the host may create (NSQA + 1).</summary>
    public int SubmissionQueuesAllocated { get; set; }

    /// <summary>I/O Completion Queues the host may create (NCQA + 1).</summary>
    public int CompletionQueuesAllocated { get; set; }

    /// <summary>WCE: writes may stay in the host's page cache until Flush (true), or are synced before they complete.</summary>
    public bool VolatileWriteCacheEnabled
    {
        get => _volatileWriteCacheEnabled;
        set => _volatileWriteCacheEnabled = value;
    }

    public uint Arbitration { get; set; }

    public uint PowerManagement { get; set; }

    public ushort OverTemperatureThreshold { get; set; } = DefaultOverTemperatureThreshold;

    public ushort UnderTemperatureThreshold { get; set; }

    public uint ErrorRecovery { get; set; }

    public uint InterruptCoalescing { get; set; }

    public uint WriteAtomicityNormal { get; set; }

    public uint AsynchronousEventConfiguration { get; set; }
}
