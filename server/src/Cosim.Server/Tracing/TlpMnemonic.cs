using Cosim.Tlp;

namespace Cosim.Server.Tracing;

/// <summary>The PCIe Base Specification's short names of TLP types (Table 2-3), as traces print them.</summary>
public static class TlpMnemonic
{
    /// <summary>MRd, MRdLk, MWr, IORd, IOWr, CfgRd0, CfgWr0, CfgRd1, CfgWr1, Msg, MsgD, Cpl, CplD, CplLk, CplDLk, FetchAdd, Swap, CAS.</summary>
    public static string Of(TlpKind kind) => kind switch
    {
        TlpKind.MemoryRead => "MRd",
        TlpKind.MemoryReadLocked => "MRdLk",
        TlpKind.MemoryWrite => "MWr",
        TlpKind.IoRead => "IORd",
        TlpKind.IoWrite => "IOWr",
        TlpKind.ConfigRead0 => "CfgRd0",
        TlpKind.ConfigWrite0 => "CfgWr0",
        TlpKind.ConfigRead1 => "CfgRd1",
        TlpKind.ConfigWrite1 => "CfgWr1",
        TlpKind.Message => "Msg",
        TlpKind.MessageWithData => "MsgD",
        TlpKind.Completion => "Cpl",
        TlpKind.CompletionWithData => "CplD",
        TlpKind.CompletionLocked => "CplLk",
        TlpKind.CompletionLockedWithData => "CplDLk",
        TlpKind.FetchAdd => "FetchAdd",
        TlpKind.Swap => "Swap",
        TlpKind.CompareAndSwap => "CAS",
        _ => kind.ToString(),
    };

    /// <summary>The completion status as the spec abbreviates it: SC, UR, CRS, CA.</summary>
    public static string Of(CompletionStatus status) => status switch
    {
        CompletionStatus.SuccessfulCompletion => "SC",
        CompletionStatus.UnsupportedRequest => "UR",
        CompletionStatus.ConfigurationRequestRetry => "CRS",
        CompletionStatus.CompleterAbort => "CA",
        _ => status.ToString(),
    };
}
