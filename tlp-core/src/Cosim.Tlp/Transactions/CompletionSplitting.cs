namespace Cosim.Tlp.Transactions;

/// <summary>
/// Where a Completer breaks a Memory Read into completions. Both choices obey PCIe Base 6.0 §2.3.1.1 (split only at
/// naturally aligned multiples of RCB, never above Max_Payload_Size); they differ in how many completions they send.
/// </summary>
public enum CompletionSplitting : byte
{
    /// <summary>As few completions as possible: each one as large as Max_Payload_Size allows, ending on an RCB boundary.</summary>
    Largest,

    /// <summary>
    /// One completion per RCB block, the most a Completer may send: what a Root Complex with RCB 64 may do, and the
    /// way to exercise a Requester's reassembly.
    /// </summary>
    AtEveryBoundary,
}
