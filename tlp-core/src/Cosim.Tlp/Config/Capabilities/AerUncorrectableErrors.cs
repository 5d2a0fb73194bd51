namespace Cosim.Tlp.Config.Capabilities;

/// <summary>
/// Bits of the AER Uncorrectable Error Status, Mask and Severity registers (PCIe Base 6.0 §7.8.4.2-§7.8.4.4).
/// </summary>
[Flags]
public enum AerUncorrectableErrors : uint
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Bit 4: Data Link Protocol Error.</summary>
    DataLinkProtocolError = 1u << 4,

    /// <summary>Bit 5: Surprise Down Error (Downstream Ports only; not implemented by an endpoint).</summary>
    SurpriseDownError = 1u << 5,

    /// <summary>Bit 12: Poisoned TLP Received.</summary>
    PoisonedTlpReceived = 1u << 12,

    /// <summary>Bit 13: Flow Control Protocol Error.</summary>
    FlowControlProtocolError = 1u << 13,

    /// <summary>Bit 14: Completion Timeout.</summary>
    CompletionTimeout = 1u << 14,

    /// <summary>Bit 15: Completer Abort.</summary>
    CompleterAbort = 1u << 15,

    /// <summary>Bit 16: Unexpected Completion.</summary>
    UnexpectedCompletion = 1u << 16,

    /// <summary>Bit 17: Receiver Overflow.</summary>
    ReceiverOverflow = 1u << 17,

    /// <summary>Bit 18: Malformed TLP.</summary>
    MalformedTlp = 1u << 18,

    /// <summary>Bit 19: ECRC Error.</summary>
    EcrcError = 1u << 19,

    /// <summary>Bit 20: Unsupported Request Error.</summary>
    UnsupportedRequestError = 1u << 20,

    /// <summary>The errors an endpoint function in Cosim implements (status, mask and severity bits are writable).</summary>
    Implemented = DataLinkProtocolError | PoisonedTlpReceived | FlowControlProtocolError | CompletionTimeout
        | CompleterAbort | UnexpectedCompletion | ReceiverOverflow | MalformedTlp | UnsupportedRequestError,

    /// <summary>
    /// Severity register default (§7.8.4.4): Data Link Protocol Error, Surprise Down, Flow Control Protocol Error,
    /// Receiver Overflow and Malformed TLP are fatal; the rest non-fatal.
    /// </summary>
    DefaultSeverity = DataLinkProtocolError | SurpriseDownError | FlowControlProtocolError | ReceiverOverflow | MalformedTlp,
}
