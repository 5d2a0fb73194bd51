namespace Cosim.Tlp.Config;

/// <summary>What a Base Address register decodes (PCI Local Bus 3.0 §6.2.5.1, PCIe Base 6.0 §7.5.1.2.1).</summary>
public enum BarKind
{
    /// <summary>Memory Space, Type 00b: locate anywhere in the 32-bit address space.</summary>
    Memory32,

    /// <summary>Memory Space, Type 10b: locate anywhere in 64-bit space; consumes this BAR and the next one.</summary>
    Memory64,

    /// <summary>I/O Space (bit 0 = 1).</summary>
    Io,
}
