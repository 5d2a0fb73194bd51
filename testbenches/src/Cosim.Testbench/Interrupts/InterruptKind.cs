namespace Cosim.Testbench.Interrupts;

/// <summary>How a message-signalled interrupt vector was programmed.</summary>
public enum InterruptKind : byte
{
    /// <summary>An MSI vector (§6.1.4: Message Address, Message Data plus the vector number).</summary>
    Msi,

    /// <summary>An MSI-X table entry (§6.1.4, §7.7.2).</summary>
    MsiX,
}
