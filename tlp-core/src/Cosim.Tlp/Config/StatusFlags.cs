namespace Cosim.Tlp.Config;

/// <summary>
/// The Status register (offset 06h; PCI Local Bus 3.0 §6.2.3, PCIe Base 6.0 §7.5.1.1.4). The error bits are RW1C:
/// the function sets them, software clears them by writing 1.
/// </summary>
[Flags]
public enum StatusFlags : ushort
{
    /// <summary>No bit set.</summary>
    None = 0,

    /// <summary>Bit 0: Immediate Readiness (RO).</summary>
    ImmediateReadiness = 1 << 0,

    /// <summary>Bit 3: Interrupt Status (RO): the function's INTx is asserted, regardless of Interrupt Disable.</summary>
    InterruptStatus = 1 << 3,

    /// <summary>Bit 4: Capabilities List (RO): Capabilities Pointer at 34h is valid. Always set for PCI Express.</summary>
    CapabilitiesList = 1 << 4,

    /// <summary>Bit 5: 66 MHz Capable (hardwired 0 in PCI Express).</summary>
    Capable66MHz = 1 << 5,

    /// <summary>Bit 7: Fast Back-to-Back Transactions Capable (hardwired 0 in PCI Express).</summary>
    FastBackToBackTransactionsCapable = 1 << 7,

    /// <summary>Bit 8: Master Data Parity Error (RW1C).</summary>
    MasterDataParityError = 1 << 8,

    /// <summary>Bit 11: Signaled Target Abort (RW1C): the function completed a request with Completer Abort.</summary>
    SignaledTargetAbort = 1 << 11,

    /// <summary>Bit 12: Received Target Abort (RW1C): the function received a Completer Abort completion.</summary>
    ReceivedTargetAbort = 1 << 12,

    /// <summary>Bit 13: Received Master Abort (RW1C): the function received an Unsupported Request completion.</summary>
    ReceivedMasterAbort = 1 << 13,

    /// <summary>Bit 14: Signaled System Error (RW1C): the function sent ERR_FATAL or ERR_NONFATAL with SERR# Enable set.</summary>
    SignaledSystemError = 1 << 14,

    /// <summary>Bit 15: Detected Parity Error (RW1C): the function received a poisoned TLP.</summary>
    DetectedParityError = 1 << 15,

    /// <summary>The RW1C error bits: F900h.</summary>
    ErrorBits = MasterDataParityError | SignaledTargetAbort | ReceivedTargetAbort | ReceivedMasterAbort
        | SignaledSystemError | DetectedParityError,
}
