namespace Cosim.Tlp.Transactions;

/// <summary>
/// RCB, Read Completion Boundary: Link Control register bit 3 (PCIe Base 6.0 §7.5.3.7). PCIe Base 6.0 §2.3.1.1:
/// "Read Completion Boundary (RCB) determines the naturally aligned address boundaries on which a Completer is
/// permitted to break up the response for a single Read Request into multiple Completions. For a Root Complex, RCB is
/// 64 bytes or 128 bytes. ... For all other System Elements, RCB is 128 bytes."
/// </summary>
public enum ReadCompletionBoundary : byte
{
    /// <summary>0b: 64 bytes (a Root Complex only).</summary>
    Bytes64 = 0b0,

    /// <summary>1b: 128 bytes (required of every Completer other than a Root Complex).</summary>
    Bytes128 = 0b1,
}
