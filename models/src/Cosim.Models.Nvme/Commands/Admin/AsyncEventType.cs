namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>Asynchronous Event Type, completion Dword 0 bits 2:0 (NVMe Base 1.4 §5.2, Figure 143).</summary>
internal enum AsyncEventType
{
    /// <summary>Error status (information: Figure 144); the log is Error Information.</summary>
    ErrorStatus = 0,

    /// <summary>SMART / Health status; the log is SMART / Health Information.</summary>
    SmartHealthStatus = 1,

    /// <summary>Notice.</summary>
    Notice = 2,
}
