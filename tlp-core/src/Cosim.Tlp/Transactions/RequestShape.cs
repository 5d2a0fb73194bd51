namespace Cosim.Tlp.Transactions;

/// <summary>How a request is completed.</summary>
internal enum RequestShape : byte
{
    /// <summary>MRd/MRdLk: one or more CplD (CplDLk) split at RCB boundaries.</summary>
    MemoryRead,

    /// <summary>IORd/CfgRd: exactly one CplD of 1 DW, Byte Count 4, Lower Address 0.</summary>
    SingleDwordRead,

    /// <summary>IOWr/CfgWr: exactly one Cpl, Byte Count 4, Lower Address 0.</summary>
    SingleDwordWrite,

    /// <summary>FetchAdd/Swap/CAS: exactly one CplD carrying the operand-size original value.</summary>
    AtomicOp,
}
