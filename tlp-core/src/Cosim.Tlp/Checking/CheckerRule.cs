namespace Cosim.Tlp.Checking;

/// <summary>
/// The link-level rules <see cref="TlpChecker"/> enforces: what a single TLP header cannot show (limits software
/// programmed, transactions spread over several TLPs, configuration state), plus the formation rules of
/// <see cref="TlpRule"/>. Every value has a test that makes it fire.
/// </summary>
public enum CheckerRule
{
    /// <summary>
    /// The TLP breaks a formation rule of <see cref="TlpCodec.Validate(in TlpHeader)"/> (the message names the
    /// <see cref="TlpRule"/> and field), or its payload is not Length × 4 bytes (§2.2.2).
    /// </summary>
    MalformedTlp,

    /// <summary>
    /// A memory request or AtomicOp crosses a 4 KiB boundary (PCIe Base 6.0 §2.2.7: "Requests must not specify an
    /// Address/Length combination which causes a Memory Space access to cross a 4-KB boundary").
    /// </summary>
    CrossesFourKiBBoundary,

    /// <summary>
    /// A write request or completion carries more data than Max_Payload_Size (§2.2.2: "Transmitters must not transmit
    /// TLPs with a data payload larger than the Max_Payload_Size"; §7.5.3.4).
    /// </summary>
    PayloadExceedsMaxPayloadSize,

    /// <summary>
    /// The function issued a read request larger than its Max_Read_Request_Size (§7.5.3.4: "The Function must not
    /// generate Read Requests with a size exceeding the set value").
    /// </summary>
    ReadRequestExceedsMaxReadRequestSize,

    /// <summary>
    /// A non-posted request reuses the Tag of a request still outstanding from the same requester (§2.2.6.2: the
    /// Transaction ID must be unique among outstanding requests).
    /// </summary>
    DuplicateTag,

    /// <summary>A completion whose Requester ID and Tag match no outstanding request: an Unexpected Completion (§2.3.2).</summary>
    UnexpectedCompletion,

    /// <summary>
    /// A completion's Byte Count is not the bytes that remain of its request (§2.3.1.1: "the Byte Count field must
    /// indicate the remaining number of bytes required to complete the Request including the number of bytes returned
    /// with the Completion"; 4 for I/O and configuration requests, §2.2.9).
    /// </summary>
    CompletionByteCountMismatch,

    /// <summary>
    /// A completion's Lower Address is not the low address bits of the first byte it returns (§2.3.1.1; 0 for I/O and
    /// configuration completions, §2.2.9).
    /// </summary>
    CompletionLowerAddressMismatch,

    /// <summary>
    /// A read completion returns more data than its request asked for (§2.3.1.1: completions "when combined return
    /// exactly the amount of data Requested").
    /// </summary>
    CompletionDataExceedsRequest,

    /// <summary>
    /// A completion differs from its request in another field: Traffic Class, Attributes, completion type (Cpl where
    /// CplD is due), the Length of a single-DW completion or the Read Completion Boundary (§2.2.9, §2.3.2). The message
    /// names the field.
    /// </summary>
    CompletionFieldMismatch,

    /// <summary>
    /// A non-posted request got no (or not every) completion within the Completion Timeout (§2.8); the violation's TLP
    /// is the request.
    /// </summary>
    CompletionTimeout,

    /// <summary>A TLP with EP set: poisoned data (§2.7.2).</summary>
    PoisonedTlp,

    /// <summary>
    /// The function issued a memory or I/O request (DMA, MSI, MSI-X) while Bus Master Enable is clear (§7.5.1.1.3:
    /// "When this bit is Clear, ... a Function is not permitted to issue any Memory or I/O Requests ... MSI/MSI-X
    /// interrupt Messages are in-band memory writes, setting the Bus Master Enable bit to 0b disables MSI/MSI-X
    /// interrupt Messages as well").
    /// </summary>
    RequestWithoutBusMasterEnable,

    /// <summary>
    /// The function wrote an interrupt message (to the MSI Message Address or into the interrupt address window) while
    /// neither MSI Enable nor MSI-X Enable is set (§7.7.1.2, §7.7.2.2: while clear, "the Function is prohibited from
    /// using MSI to request service").
    /// </summary>
    MsiWhileDisabled,

    /// <summary>
    /// An MSI message whose data names a vector beyond those software enabled (Multiple Message Enable), or that is
    /// not the 1 DW write MSI is (§6.1.4.3: the function "is permitted to modify the low order bits of the Message Data
    /// ... the number of modifiable bits is determined by Multiple Message Enable").
    /// </summary>
    MsiVectorNotEnabled,

    /// <summary>
    /// An MSI-X message while the Function Mask is set (§7.7.2.2: "the Function is prohibited from sending a message"
    /// for any vector; it must set the Pending bit instead).
    /// </summary>
    MsixWhileFunctionMasked,

    /// <summary>
    /// Assert_INTx while the Command register's Interrupt Disable is set or MSI/MSI-X is enabled (§7.5.1.1.3: "the
    /// Function is prevented from asserting INTx"; §6.1.4.3: "While enabled for MSI or MSI-X operation, a Function is
    /// prohibited from using INTx interrupts").
    /// </summary>
    IntxWhileDisabled,
}
