namespace Cosim.Tlp.Transactions;

/// <summary>
/// Why <see cref="CompletionTracker"/> refused a completion. Except for <see cref="StatusNotSuccessful"/>, the
/// completion is discarded and its request stays outstanding (PCIe Base 6.0 §2.3.2: "If a received Completion matches
/// the Transaction ID of an outstanding Request, but in other TLP fields does not match the corresponding Request, the
/// Receiver must handle the Completion as an Unexpected Completion" and "The agent receiving an Unexpected Completion
/// must discard the Completion"; the request then ends by Completion Timeout unless the caller removes it).
/// </summary>
public enum CompletionMismatch : byte
{
    /// <summary>The completion matched.</summary>
    None,

    /// <summary>No outstanding request has this Requester ID and Tag: an Unexpected Completion (§2.3.2).</summary>
    UnexpectedTag,

    /// <summary>TC differs from the request's (§2.2.9: "Completion headers must supply the same values for the Requester ID, Tag, and Traffic Class").</summary>
    TrafficClassMismatch,

    /// <summary>
    /// Relaxed Ordering or No Snoop differs from the request's (§2.2.9: "the same values for the Attribute ... except as
    /// explicitly allowed when IDO is used"; §2.3.2: "The Requester must not check the IDO Attribute").
    /// </summary>
    AttributesMismatch,

    /// <summary>
    /// Completion Status is not Successful Completion (UR, CA, RRS or Reserved). The request has ended: "The Requester
    /// must consider the Request terminated, and not expect additional Completions" (§2.3.2). Data already copied stays;
    /// Byte Count and Lower Address of the failed completion are not checked.
    /// </summary>
    StatusNotSuccessful,

    /// <summary>
    /// A successful completion of the wrong type: Cpl for a read or AtomicOp, CplD for an I/O or configuration write,
    /// CplDLk for MRd or CplD for MRdLk (Table 2-3: Cpl is "Used for I/O, Configuration Write ... Completions").
    /// </summary>
    CompletionKindMismatch,

    /// <summary>The payload span is not Length × 4 bytes (§2.2.9: "It is a TLP formation error to include more or less data than specified in the Length field").</summary>
    PayloadLengthMismatch,

    /// <summary>EP is set: the data is poisoned and must not be used (§2.7.2.2).</summary>
    Poisoned,

    /// <summary>The payload is larger than this Receiver's Max_Payload_Size (§2.3.1.1: "A Receiving Function must check for violations of its Rx_MPS_Limit").</summary>
    MaxPayloadSizeExceeded,

    /// <summary>
    /// Byte Count is not the number of bytes still outstanding (§2.3.1.1: "the Byte Count field must indicate the
    /// remaining number of bytes required to complete the Request including the number of bytes returned with the
    /// Completion"; §2.2.9: 4 for I/O and configuration, the operand size for AtomicOps).
    /// </summary>
    ByteCountMismatch,

    /// <summary>
    /// Lower Address is not the low bits of the next expected byte (§2.3.1.1: "the Lower Address field must indicate the
    /// lower bits of the byte address for the first enabled byte of data returned with the Completion"; §2.2.9: all 0's
    /// for I/O and configuration completions).
    /// </summary>
    LowerAddressMismatch,

    /// <summary>A memory read completion carries DWs past the end of the request (§2.3.1.1: "when combined return exactly the amount of data Requested").</summary>
    DataExceedsRequest,

    /// <summary>
    /// The one completion of an I/O or configuration read or an AtomicOp has the wrong Length (§2.3.1.1: "I/O and
    /// Configuration Reads must be completed with exactly one Completion"; an AtomicOp returns its operand size).
    /// </summary>
    LengthMismatch,

    /// <summary>
    /// A memory read completion that is not the last ends off a Read Completion Boundary (§2.3.1.1: "Receivers may
    /// optionally check for violations of RCB"). Checked only when the tracker is given the Completer's RCB.
    /// </summary>
    ReadCompletionBoundaryViolation,
}
