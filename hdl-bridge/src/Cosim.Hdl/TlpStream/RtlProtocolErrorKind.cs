namespace Cosim.Hdl.TlpStream;

/// <summary>What an RTL did wrong on the TLP-stream interface. The offending TLP is never passed on.</summary>
public enum RtlProtocolErrorKind
{
    /// <summary>A stream rule: a beat without sop, sop inside a TLP, keep not contiguous from lane 0 or not full before eop, valid withdrawn or a beat changed while stalled.</summary>
    StreamProtocol,

    /// <summary>The DWs do not form a TLP: the codec's <see cref="Cosim.Tlp.TlpRule"/> names the rule (wrong length, reserved type, ...).</summary>
    MalformedTlp,

    /// <summary>A request on a completion channel or a completion on a request channel.</summary>
    WrongChannel,

    /// <summary>A completion that does not fit the host request it answers: <see cref="Cosim.Tlp.Transactions.CompletionMismatch"/> says how (Byte Count, Lower Address, Length, ...).</summary>
    CompletionMismatch,

    /// <summary>A completion whose Completer ID, or a request whose Requester ID, is not the function's ID (<c>completer_id</c>).</summary>
    WrongId,

    /// <summary>A request while Bus Master Enable is clear (PCIe Base 6.0 §7.5.1.1.3: the function must not issue requests).</summary>
    BusMasterDisabled,

    /// <summary>A write payload above Max_Payload_Size or a read above Max_Read_Request_Size.</summary>
    SizeLimitExceeded,

    /// <summary>An interrupt request for a vector the function does not have.</summary>
    InterruptVector,
}
