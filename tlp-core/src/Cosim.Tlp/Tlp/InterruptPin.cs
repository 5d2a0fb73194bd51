namespace Cosim.Tlp;

/// <summary>Interrupt Pin register values (PCI Local Bus 3.0 §6.2.4; config offset 3Dh) and the INTx virtual wires.</summary>
public enum InterruptPin : byte
{
    /// <summary>0: the function uses no legacy interrupt.</summary>
    None = 0,

    /// <summary>1: INTA.</summary>
    IntA = 1,

    /// <summary>2: INTB.</summary>
    IntB = 2,

    /// <summary>3: INTC.</summary>
    IntC = 3,

    /// <summary>4: INTD.</summary>
    IntD = 4,
}
