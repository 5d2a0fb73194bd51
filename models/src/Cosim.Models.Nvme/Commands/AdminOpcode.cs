namespace Cosim.Models.Nvme.Commands;

/// <summary>Admin command opcodes (NVMe Base 1.4 §5, Figure 139) that the controller implements.</summary>
internal enum AdminOpcode : byte
{
    /// <summary>Delete I/O Submission Queue.</summary>
    DeleteIoSubmissionQueue = 0x00,

    /// <summary>Create I/O Submission Queue.</summary>
    CreateIoSubmissionQueue = 0x01,

    /// <summary>Get Log Page.</summary>
    GetLogPage = 0x02,

    /// <summary>Delete I/O Completion Queue.</summary>
    DeleteIoCompletionQueue = 0x04,

    /// <summary>Create I/O Completion Queue.</summary>
    CreateIoCompletionQueue = 0x05,

    /// <summary>Identify.</summary>
    Identify = 0x06,

    /// <summary>Abort.</summary>
    Abort = 0x08,

    /// <summary>Set Features.</summary>
    SetFeatures = 0x09,

    /// <summary>Get Features.</summary>
    GetFeatures = 0x0A,

    /// <summary>Asynchronous Event Request.</summary>
    AsynchronousEventRequest = 0x0C,

    /// <summary>Doorbell Buffer Config (§5.8).</summary>
    DoorbellBufferConfig = 0x7C,
}
