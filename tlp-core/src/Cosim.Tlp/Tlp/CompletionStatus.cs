namespace Cosim.Tlp;

/// <summary>
/// Completion Status[2:0], completion header byte 6 bits 7:5 (PCIe Base 6.0 §2.2.9, Table 2-34).
/// Reserved values are kept as decoded: "a Completion with a reserved Completion Status value must be treated
/// as if the Completion Status was Unsupported Request" is the receiver's job, not the codec's.
/// </summary>
public enum CompletionStatus : byte
{
    /// <summary>000b: SC, Successful Completion.</summary>
    SuccessfulCompletion = 0b000,

    /// <summary>001b: UR, Unsupported Request.</summary>
    UnsupportedRequest = 0b001,

    /// <summary>010b: CRS, Configuration Request Retry Status (RRS, Request Retry Status, in PCIe 6.0).</summary>
    ConfigurationRequestRetry = 0b010,

    /// <summary>100b: CA, Completer Abort.</summary>
    CompleterAbort = 0b100,
}
