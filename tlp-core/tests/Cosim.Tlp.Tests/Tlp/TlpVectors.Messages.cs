namespace Cosim.Tlp.Tests.Tlp;

public static partial class TlpVectors
{
    // Message (§2.2.8), always 4 DW:
    //   DW0 (Type 1_0rrr, r = routing) | Requester ID, Tag, Message Code | bytes 8-11 | bytes 12-15
    // Routing r[2:0]: 000 to Root Complex, 001 by address, 010 by ID, 011 broadcast from Root Complex,
    // 100 local (terminate at receiver), 101 gathered to Root Complex. Length is reserved in Msg.
    private static TlpVector[] Messages() =>
    [
        // Assert_INTA from 01:00.0 (§2.2.8.1: INTx messages use Local routing).
        //   byte 0: Fmt 001 (4 DW, no data), Type 1_0100 (Msg, r = 100)    → 34
        //   bytes 1-3: Length reserved                                     → 00 00 00
        //   DW1: Requester 01 00, Tag 00, Message Code 0010_0000 (Assert_INTA) → 01 00 00 20
        //   DW2, DW3: reserved                                             → 00000000 00000000
        TlpVector.Of(
            "Msg Assert_INTA",
            new TlpHeader
            {
                Kind = TlpKind.Message, FourDwHeader = true, RequesterId = s_endpoint,
                Routing = MessageRouting.Local, MessageCode = MessageCode.AssertIntA,
            },
            "34000000 01000020 00000000 00000000"),

        // Deassert_INTA: as above with Message Code 0010_0100                → byte 7 = 24.
        TlpVector.Of(
            "Msg Deassert_INTA",
            new TlpHeader
            {
                Kind = TlpKind.Message, FourDwHeader = true, RequesterId = s_endpoint,
                Routing = MessageRouting.Local, MessageCode = MessageCode.DeassertIntA,
            },
            "34000000 01000024 00000000 00000000"),

        // ERR_FATAL from 01:00.0 (§2.2.8.3: routed to Root Complex).
        //   byte 0: Fmt 001, Type 1_0000 (r = 000)                         → 30
        //   DW1: Requester 01 00, Tag 00, Message Code 0011_0011 (ERR_FATAL) → 01 00 00 33
        TlpVector.Of(
            "Msg ERR_FATAL",
            new TlpHeader
            {
                Kind = TlpKind.Message, FourDwHeader = true, RequesterId = s_endpoint,
                Routing = MessageRouting.ToRootComplex, MessageCode = MessageCode.ErrorFatal,
            },
            "30000000 01000033 00000000 00000000"),

        // PME_Turn_Off from the Root Complex (§2.2.8.2: broadcast from Root Complex).
        //   byte 0: Fmt 001, Type 1_0011 (r = 011)                         → 33
        //   DW1: Requester 00 00, Tag 00, Message Code 0001_1001 (PME_Turn_Off) → 00 00 00 19
        TlpVector.Of(
            "Msg PME_Turn_Off",
            new TlpHeader
            {
                Kind = TlpKind.Message, FourDwHeader = true, RequesterId = s_rootComplex,
                Routing = MessageRouting.BroadcastFromRootComplex, MessageCode = MessageCode.PmeTurnOff,
            },
            "33000000 00000019 00000000 00000000"),

        // Unlock from the Root Complex (§2.2.8.4: broadcast from Root Complex): every byte after byte 0 is 0.
        //   byte 0: Fmt 001, Type 1_0011                                   → 33
        //   DW1: Requester 00 00, Tag 00, Message Code 0000_0000 (Unlock)  → 00 00 00 00
        TlpVector.Of(
            "Msg Unlock",
            new TlpHeader
            {
                Kind = TlpKind.Message, FourDwHeader = true, RequesterId = s_rootComplex,
                Routing = MessageRouting.BroadcastFromRootComplex, MessageCode = MessageCode.Unlock,
            },
            "33000000 00000000 00000000 00000000"),

        // Vendor_Defined Type 0, routed by ID from 00:00.0 to 01:00.0, Vendor ID 0x1234 (§2.2.8.6).
        //   byte 0: Fmt 001, Type 1_0010 (r = 010)                         → 32
        //   DW1: Requester 00 00, Tag 00, Message Code 0111_1110 (Vendor_Defined Type 0) → 00 00 00 7e
        //   DW2: bytes 8-9 destination 01:00.0 → 01 00, bytes 10-11 Vendor ID → 12 34
        //   DW3: vendor-defined                                            → ca fe f0 0d
        TlpVector.Of(
            "Msg Vendor_Defined Type 0",
            new TlpHeader
            {
                Kind = TlpKind.Message, FourDwHeader = true, RequesterId = s_rootComplex,
                Routing = MessageRouting.ById, MessageCode = MessageCode.VendorDefinedType0,
                Address = 0x0100_1234_CAFE_F00D,
            },
            "32000000 0000007E 01001234 CAFEF00D"),

        // Vendor_Defined Type 1 with one DW of data from 01:00.0 to the Root Complex, Vendor ID 0x1af4.
        //   byte 0: Fmt 011 (4 DW, with data), Type 1_0000 (r = 000)       → 70
        //   bytes 1-3: Length 1                                            → 00 00 01
        //   DW1: Requester 01 00, Tag 00, Message Code 0111_1111           → 01 00 00 7f
        //   DW2: bytes 8-9 reserved (not routed by ID) → 00 00, Vendor ID  → 1a f4
        //   DW3: vendor-defined 0                                          → 00 00 00 00
        TlpVector.Of(
            "MsgD Vendor_Defined Type 1",
            new TlpHeader
            {
                Kind = TlpKind.MessageWithData, FourDwHeader = true, Length = 1, RequesterId = s_endpoint,
                Routing = MessageRouting.ToRootComplex, MessageCode = MessageCode.VendorDefinedType1,
                Address = 0x0000_1AF4_0000_0000,
            },
            "70000001 0100007F 00001AF4 00000000",
            "01020304"),

        // Set_Slot_Power_Limit from root port 00:1c.0 (§2.2.8.5: MsgD, Local routing, 1 DW of data).
        //   25 W = Slot Power Limit Value 0xfa × Scale 10b (0.1×): payload bits 7:0 = fa, bits 9:8 = 10.
        //   byte 0: Fmt 011, Type 1_0100 (r = 100)                         → 74
        //   bytes 1-3: Length 1                                            → 00 00 01
        //   DW1: Requester 00:1c.0 = 0000_0000 1110_0 000 → 00 e0; Tag 00; Code 0101_0000 → 00 e0 00 50
        //   DW2, DW3: reserved                                             → 00000000 00000000
        //   payload (address order: byte 0 = bits 7:0, byte 1 = bits 15:8) → fa 02 00 00
        TlpVector.Of(
            "MsgD Set_Slot_Power_Limit",
            new TlpHeader
            {
                Kind = TlpKind.MessageWithData, FourDwHeader = true, Length = 1, RequesterId = PcieId.From(0x00, 0x1C, 0),
                Routing = MessageRouting.Local, MessageCode = MessageCode.SetSlotPowerLimit,
            },
            "74000001 00E00050 00000000 00000000",
            "FA020000"),
    ];
}
