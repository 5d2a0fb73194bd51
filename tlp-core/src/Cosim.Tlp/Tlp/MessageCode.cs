namespace Cosim.Tlp;

/// <summary>Message Code, byte 7 of a Message header (PCIe Base 6.0 §2.2.8.1-§2.2.8.10, Table F-1).</summary>
public enum MessageCode : byte
{
    /// <summary>0000 0000b: Unlock (broadcast from Root Complex).</summary>
    Unlock = 0x00,

    /// <summary>0001 0000b: LTR (Latency Tolerance Reporting).</summary>
    LatencyToleranceReporting = 0x10,

    /// <summary>0001 0010b: OBFF (Optimized Buffer Flush/Fill).</summary>
    OptimizedBufferFlushFill = 0x12,

    /// <summary>0001 0100b: PM_Active_State_Nak.</summary>
    PmActiveStateNak = 0x14,

    /// <summary>0001 1000b: PM_PME.</summary>
    PmPme = 0x18,

    /// <summary>0001 1001b: PME_Turn_Off.</summary>
    PmeTurnOff = 0x19,

    /// <summary>0001 1011b: PME_TO_Ack.</summary>
    PmeTurnOffAck = 0x1B,

    /// <summary>0010 0000b: Assert_INTA.</summary>
    AssertIntA = 0x20,

    /// <summary>0010 0001b: Assert_INTB.</summary>
    AssertIntB = 0x21,

    /// <summary>0010 0010b: Assert_INTC.</summary>
    AssertIntC = 0x22,

    /// <summary>0010 0011b: Assert_INTD.</summary>
    AssertIntD = 0x23,

    /// <summary>0010 0100b: Deassert_INTA.</summary>
    DeassertIntA = 0x24,

    /// <summary>0010 0101b: Deassert_INTB.</summary>
    DeassertIntB = 0x25,

    /// <summary>0010 0110b: Deassert_INTC.</summary>
    DeassertIntC = 0x26,

    /// <summary>0010 0111b: Deassert_INTD.</summary>
    DeassertIntD = 0x27,

    /// <summary>0011 0000b: ERR_COR (correctable error).</summary>
    ErrorCorrectable = 0x30,

    /// <summary>0011 0001b: ERR_NONFATAL (uncorrectable, non-fatal error).</summary>
    ErrorNonFatal = 0x31,

    /// <summary>0011 0011b: ERR_FATAL (uncorrectable, fatal error).</summary>
    ErrorFatal = 0x33,

    /// <summary>0101 0000b: Set_Slot_Power_Limit (MsgD).</summary>
    SetSlotPowerLimit = 0x50,

    /// <summary>0111 1110b: Vendor_Defined Type 0 (unsupported ones are UR at the receiver).</summary>
    VendorDefinedType0 = 0x7E,

    /// <summary>0111 1111b: Vendor_Defined Type 1 (unsupported ones are silently discarded).</summary>
    VendorDefinedType1 = 0x7F,
}
