namespace Cosim.Tlp.Config.Capabilities;

/// <summary>The Device Status register of the PCI Express Capability (PCIe Base 6.0 §7.5.3.5).</summary>
[Flags]
public enum DeviceStatusFlags : ushort
{
    /// <summary>No bit set.</summary>
    None = 0,

    /// <summary>Bit 0: Correctable Error Detected (RW1C).</summary>
    CorrectableErrorDetected = 1 << 0,

    /// <summary>Bit 1: Non-Fatal Error Detected (RW1C).</summary>
    NonFatalErrorDetected = 1 << 1,

    /// <summary>Bit 2: Fatal Error Detected (RW1C).</summary>
    FatalErrorDetected = 1 << 2,

    /// <summary>Bit 3: Unsupported Request Detected (RW1C).</summary>
    UnsupportedRequestDetected = 1 << 3,

    /// <summary>Bit 4: AUX Power Detected (RO).</summary>
    AuxPowerDetected = 1 << 4,

    /// <summary>Bit 5: Transactions Pending (RO).</summary>
    TransactionsPending = 1 << 5,

    /// <summary>Bit 6: Emergency Power Reduction Detected (RW1C; not implemented, reads 0).</summary>
    EmergencyPowerReductionDetected = 1 << 6,

    /// <summary>The RW1C error bits Cosim implements.</summary>
    ErrorBits = CorrectableErrorDetected | NonFatalErrorDetected | FatalErrorDetected | UnsupportedRequestDetected,
}
