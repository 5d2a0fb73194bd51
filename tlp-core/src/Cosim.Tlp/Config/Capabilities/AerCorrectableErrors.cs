namespace Cosim.Tlp.Config.Capabilities;

/// <summary>Bits of the AER Correctable Error Status and Mask registers (PCIe Base 6.0 §7.8.4.5, §7.8.4.6).</summary>
[Flags]
public enum AerCorrectableErrors : uint
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Bit 0: Receiver Error.</summary>
    ReceiverError = 1u << 0,

    /// <summary>Bit 6: Bad TLP.</summary>
    BadTlp = 1u << 6,

    /// <summary>Bit 7: Bad DLLP.</summary>
    BadDllp = 1u << 7,

    /// <summary>Bit 8: REPLAY_NUM Rollover.</summary>
    ReplayNumRollover = 1u << 8,

    /// <summary>Bit 12: Replay Timer Timeout.</summary>
    ReplayTimerTimeout = 1u << 12,

    /// <summary>Bit 13: Advisory Non-Fatal Error.</summary>
    AdvisoryNonFatalError = 1u << 13,

    /// <summary>The errors an endpoint function in Cosim implements.</summary>
    Implemented = ReceiverError | BadTlp | BadDllp | ReplayNumRollover | ReplayTimerTimeout | AdvisoryNonFatalError,

    /// <summary>Mask register default (§7.8.4.6): Advisory Non-Fatal Error Mask is 1b, the rest 0b.</summary>
    DefaultMask = AdvisoryNonFatalError,
}
