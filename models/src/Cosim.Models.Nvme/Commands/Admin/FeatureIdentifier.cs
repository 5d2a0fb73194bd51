namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>Feature Identifiers the controller implements (NVMe Base 1.4 §5.21.1, Figure 271).</summary>
internal enum FeatureIdentifier : byte
{
    /// <summary>Arbitration: AB, LPW, MPW, HPW (stored; arbitration is round robin regardless).</summary>
    Arbitration = 0x01,

    /// <summary>Power Management: PS (only power state 0 exists) and WH.</summary>
    PowerManagement = 0x02,

    /// <summary>Temperature Threshold of the Composite Temperature (over and under).</summary>
    TemperatureThreshold = 0x04,

    /// <summary>Error Recovery: TLER (stored); DULBE is not supported.</summary>
    ErrorRecovery = 0x05,

    /// <summary>Volatile Write Cache: WCE. With the cache disabled every write reaches the disk before it completes.</summary>
    VolatileWriteCache = 0x06,

    /// <summary>Number of Queues: NSQR/NCQR requested, NSQA/NCQA allocated (0's based).</summary>
    NumberOfQueues = 0x07,

    /// <summary>Interrupt Coalescing: THR and TIME (stored; every completion interrupts).</summary>
    InterruptCoalescing = 0x08,

    /// <summary>Write Atomicity Normal: DN (stored).</summary>
    WriteAtomicityNormal = 0x0A,

    /// <summary>Asynchronous Event Configuration: which events the host wants (stored).</summary>
    AsynchronousEventConfiguration = 0x0B,
}
