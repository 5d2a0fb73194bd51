namespace Cosim.Models.Nvme.Commands;

/// <summary>
/// A completion's Status Code Type and Status Code (NVMe Base 1.4 §4.6.1.2), as <c>SCT &lt;&lt; 8 | SC</c>.
/// </summary>
/// <remarks>
/// The Status Field of Completion Queue Entry Dword 3 (§4.6):
/// <code>
///  31  30  29 28 27     25 24            17  16
/// +---+---+-----+---------+----------------+---+
/// |DNR| M | CRD |   SCT   |       SC       | P |
/// +---+---+-----+---------+----------------+---+
/// </code>
/// </remarks>
public enum NvmeStatus : ushort
{
    /// <summary>Generic 00h: Successful Completion.</summary>
    Success = 0x000,

    /// <summary>Generic 01h: Invalid Command Opcode.</summary>
    InvalidCommandOpcode = 0x001,

    /// <summary>Generic 02h: Invalid Field in Command.</summary>
    InvalidFieldInCommand = 0x002,

    /// <summary>Generic 04h: Data Transfer Error (a DMA of host memory failed).</summary>
    DataTransferError = 0x004,

    /// <summary>Generic 06h: Internal Error.</summary>
    InternalError = 0x006,

    /// <summary>Generic 07h: Command Abort Requested (by an Abort command).</summary>
    CommandAbortRequested = 0x007,

    /// <summary>Generic 08h: Command Aborted due to SQ Deletion (also used for Asynchronous Event Requests at shutdown and reset).</summary>
    CommandAbortedDueToSqDeletion = 0x008,

    /// <summary>Generic 0Bh: Invalid Namespace or Format.</summary>
    InvalidNamespaceOrFormat = 0x00B,

    /// <summary>Generic 0Ch: Command Sequence Error.</summary>
    CommandSequenceError = 0x00C,

    /// <summary>Generic 13h: PRP Offset Invalid.</summary>
    InvalidPrpOffset = 0x013,

    /// <summary>Generic 80h (NVM command set): LBA Out of Range.</summary>
    LbaOutOfRange = 0x080,

    /// <summary>Command Specific 00h: Completion Queue Invalid.</summary>
    CompletionQueueInvalid = 0x100,

    /// <summary>Command Specific 01h: Invalid Queue Identifier.</summary>
    InvalidQueueIdentifier = 0x101,

    /// <summary>Command Specific 02h: Invalid Queue Size.</summary>
    InvalidQueueSize = 0x102,

    /// <summary>Command Specific 05h: Asynchronous Event Request Limit Exceeded.</summary>
    AsynchronousEventRequestLimitExceeded = 0x105,

    /// <summary>Command Specific 08h: Invalid Interrupt Vector.</summary>
    InvalidInterruptVector = 0x108,

    /// <summary>Command Specific 09h: Invalid Log Page.</summary>
    InvalidLogPage = 0x109,

    /// <summary>Command Specific 0Ch: Invalid Queue Deletion (a Completion Queue that still has Submission Queues).</summary>
    InvalidQueueDeletion = 0x10C,

    /// <summary>Command Specific 0Dh: Feature Identifier Not Saveable.</summary>
    FeatureIdentifierNotSaveable = 0x10D,

    /// <summary>Command Specific 0Fh: Feature Not Namespace Specific.</summary>
    FeatureNotNamespaceSpecific = 0x10F,

    /// <summary>Media and Data Integrity Errors 80h: Write Fault (the backing file refused the write).</summary>
    WriteFault = 0x280,

    /// <summary>Media and Data Integrity Errors 81h: Unrecovered Read Error (the backing file refused the read).</summary>
    UnrecoveredReadError = 0x281,
}
