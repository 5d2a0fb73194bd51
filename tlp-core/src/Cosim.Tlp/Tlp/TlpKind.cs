namespace Cosim.Tlp;

/// <summary>
/// The transaction a TLP carries: Fmt and Type together (PCIe Base 6.0 §2.2.1, Table 2-3).
/// Whether the header is 3 or 4 DW is a separate property (<see cref="TlpHeader.Format"/>), because
/// memory requests and AtomicOps come in both sizes.
/// </summary>
public enum TlpKind : byte
{
    /// <summary>MRd: Memory Read Request (Type 0_0000b, no data).</summary>
    MemoryRead,

    /// <summary>MRdLk: Memory Read Request-Locked (Type 0_0001b, no data).</summary>
    MemoryReadLocked,

    /// <summary>MWr: Memory Write Request (Type 0_0000b, with data).</summary>
    MemoryWrite,

    /// <summary>IORd: I/O Read Request (Type 0_0010b, 3 DW, no data).</summary>
    IoRead,

    /// <summary>IOWr: I/O Write Request (Type 0_0010b, 3 DW, with data).</summary>
    IoWrite,

    /// <summary>CfgRd0: Configuration Read Type 0 (Type 0_0100b, 3 DW, no data).</summary>
    ConfigRead0,

    /// <summary>CfgWr0: Configuration Write Type 0 (Type 0_0100b, 3 DW, with data).</summary>
    ConfigWrite0,

    /// <summary>CfgRd1: Configuration Read Type 1 (Type 0_0101b, 3 DW, no data).</summary>
    ConfigRead1,

    /// <summary>CfgWr1: Configuration Write Type 1 (Type 0_0101b, 3 DW, with data).</summary>
    ConfigWrite1,

    /// <summary>Msg: Message Request (Type 1_0rrrb, 4 DW, no data).</summary>
    Message,

    /// <summary>MsgD: Message Request with data (Type 1_0rrrb, 4 DW, with data).</summary>
    MessageWithData,

    /// <summary>Cpl: Completion without data (Type 0_1010b, 3 DW).</summary>
    Completion,

    /// <summary>CplD: Completion with data (Type 0_1010b, 3 DW).</summary>
    CompletionWithData,

    /// <summary>CplLk: Completion for a locked read without data (Type 0_1011b, 3 DW).</summary>
    CompletionLocked,

    /// <summary>CplDLk: Completion for a locked read with data (Type 0_1011b, 3 DW).</summary>
    CompletionLockedWithData,

    /// <summary>FetchAdd: Fetch and Add AtomicOp Request (Type 0_1100b, with data).</summary>
    FetchAdd,

    /// <summary>Swap: Unconditional Swap AtomicOp Request (Type 0_1101b, with data).</summary>
    Swap,

    /// <summary>CAS: Compare and Swap AtomicOp Request (Type 0_1110b, with data).</summary>
    CompareAndSwap,
}
