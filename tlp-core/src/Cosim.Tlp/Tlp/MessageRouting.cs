namespace Cosim.Tlp;

/// <summary>
/// r[2:0], the low three bits of a Message's Type field (PCIe Base 6.0 §2.2.8, Table 2-20).
/// </summary>
public enum MessageRouting : byte
{
    /// <summary>000b: Routed to Root Complex.</summary>
    ToRootComplex = 0b000,

    /// <summary>001b: Routed by Address (bytes 8-15 carry the address).</summary>
    ByAddress = 0b001,

    /// <summary>010b: Routed by ID (bytes 8-9 carry the destination ID).</summary>
    ById = 0b010,

    /// <summary>011b: Broadcast from Root Complex.</summary>
    BroadcastFromRootComplex = 0b011,

    /// <summary>100b: Local, terminate at Receiver (INTx messages use this).</summary>
    Local = 0b100,

    /// <summary>101b: Gathered and routed to Root Complex (PME_TO_Ack).</summary>
    GatheredToRootComplex = 0b101,

    /// <summary>110b: Reserved, terminate at Receiver.</summary>
    Reserved6 = 0b110,

    /// <summary>111b: Reserved, terminate at Receiver.</summary>
    Reserved7 = 0b111,
}
