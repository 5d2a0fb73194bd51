namespace Cosim.Tlp.Tests.Tlp;

public static partial class TlpRuleVectors
{
    private static TlpRuleVector[] Addressing() =>
    [
        // MRd of 2 DW at 0xffc: bytes 0xffc-0x1003 cross the page. Neighbour: 1 DW at 0xffc.
        TlpRuleVector.Received(
            "CrossesFourKiBBoundary: MRd", TlpRule.CrossesFourKiBBoundary, "Address",
            "00000002 01000AFF 00000FFC", "00000001 01000A0F 00000FFC"),

        // MWr of 1024 DW at 0x1000_0004 ends 4 bytes into the next page. Neighbour: 1023 DW, ending at the page end.
        TlpRuleVector.Received(
            "CrossesFourKiBBoundary: MWr 1024 DW", TlpRule.CrossesFourKiBBoundary, "Address",
            Hex.Concat("40000000 010000FF 10000004", Hex.Pattern(4096)),
            Hex.Concat("400003FF 010000FF 10000004", Hex.Pattern(4092))),

        // 4 DW MRd of 2 DW at 0x1_0000_0ffc.
        TlpRuleVector.Received(
            "CrossesFourKiBBoundary: MRd 4DW", TlpRule.CrossesFourKiBBoundary, "Address",
            "20000002 01000AFF 00000001 00000FFC", "20000002 01000AFF 00000001 00000FF8"),

        // FetchAdd of 8 bytes at 0xffc crosses (and is misaligned; the page rule is checked first).
        // Neighbour: the same at 0xff8.
        TlpRuleVector.Received(
            "CrossesFourKiBBoundary: FetchAdd", TlpRule.CrossesFourKiBBoundary, "Address",
            "4C000002 01004000 80000FFC 00000000 00000000", "4C000002 01004000 80000FF8 00000000 00000000"),

        // CAS with 16-byte operands (Length 8) at 0xff8 touches 0xff8-0x1007. Neighbour: at 0xff0 it touches
        // 0xff0-0xfff only; its 32-byte payload holds two operands but only one operand of memory is accessed.
        TlpRuleVector.Received(
            "CrossesFourKiBBoundary: CAS", TlpRule.CrossesFourKiBBoundary, "Address",
            Hex.Concat("4E000008 01004400 80000FF8", new byte[32]),
            Hex.Concat("4E000008 01004400 80000FF0", new byte[32])),

        // A 3 DW MRd asked to carry 0x1_0000_0000. Neighbour: the 4 DW format.
        TlpRuleVector.Sent(
            "ThreeDwHeaderWith64BitAddress: MRd", TlpRule.ThreeDwHeaderWith64BitAddress, "Address",
            MemoryReadHeader(0x1_0000_0000) with { FourDwHeader = false },
            MemoryReadHeader(0x1_0000_0000)),

        // A 3 DW FetchAdd asked to carry 0x8_0000_0000.
        TlpRuleVector.Sent(
            "ThreeDwHeaderWith64BitAddress: FetchAdd", TlpRule.ThreeDwHeaderWith64BitAddress, "Address",
            new TlpHeader { Kind = TlpKind.FetchAdd, Length = 1, RequesterId = s_endpoint, Address = 0x8_0000_0000 },
            new TlpHeader { Kind = TlpKind.FetchAdd, FourDwHeader = true, Length = 1, RequesterId = s_endpoint, Address = 0x8_0000_0000 }),

        // An IORd has only the 3 DW format, so an address above 4 GiB cannot be sent. Neighbour: 0xffff_fffc.
        TlpRuleVector.Sent(
            "ThreeDwHeaderWith64BitAddress: IORd", TlpRule.ThreeDwHeaderWith64BitAddress, "Address",
            new TlpHeader { Kind = TlpKind.IoRead, Length = 1, RequesterId = s_endpoint, FirstDwByteEnables = 0xF, Address = 0x1_0000_0000 },
            new TlpHeader { Kind = TlpKind.IoRead, Length = 1, RequesterId = s_endpoint, FirstDwByteEnables = 0xF, Address = 0xFFFF_FFFC }),
    ];

    private static TlpRuleVector[] AtomicOps() =>
    [
        // FetchAdd with Length 4 (a 16-byte operand). Neighbour: Length 2 (8 bytes).
        TlpRuleVector.Received(
            "AtomicOperandSizeInvalid: FetchAdd 16 bytes", TlpRule.AtomicOperandSizeInvalid, "Length",
            Hex.Concat("4C000004 01004000 80000010", new byte[16]), Hex.Concat("4C000002 01004000 80000010", new byte[8])),

        // Swap with Length 3 (12 bytes).
        TlpRuleVector.Received(
            "AtomicOperandSizeInvalid: Swap 12 bytes", TlpRule.AtomicOperandSizeInvalid, "Length",
            Hex.Concat("4D000003 01004200 80000020", new byte[12]), Hex.Concat("4D000001 01004200 80000020", new byte[4])),

        // CAS with Length 1: two operands cannot fit in 4 bytes. Neighbour: Length 2.
        TlpRuleVector.Received(
            "AtomicOperandSizeInvalid: CAS 1 DW", TlpRule.AtomicOperandSizeInvalid, "Length",
            "4E000001 01004300 80000004 00000000", "4E000002 01004300 80000004 00000000 00000000"),

        // CAS with Length 16 (two 32-byte operands). Neighbour: Length 8 (two 16-byte operands).
        TlpRuleVector.Received(
            "AtomicOperandSizeInvalid: CAS 64 bytes", TlpRule.AtomicOperandSizeInvalid, "Length",
            Hex.Concat("4E000010 01004300 80000040", new byte[64]), Hex.Concat("4E000008 01004300 80000040", new byte[32])),

        // FetchAdd of 8 bytes at 0x8000_0004: not a multiple of 8. Neighbour: at 0x8000_0008.
        TlpRuleVector.Received(
            "AtomicAddressMisaligned: FetchAdd 8", TlpRule.AtomicAddressMisaligned, "Address",
            Hex.Concat("4C000002 01004000 80000004", new byte[8]), Hex.Concat("4C000002 01004000 80000008", new byte[8])),

        // Swap of 8 bytes at 0x8000_0024.
        TlpRuleVector.Received(
            "AtomicAddressMisaligned: Swap 8", TlpRule.AtomicAddressMisaligned, "Address",
            Hex.Concat("4D000002 01004200 80000024", new byte[8]), Hex.Concat("4D000002 01004200 80000028", new byte[8])),

        // CAS with 16-byte operands (Length 8) at 0x8000_0008: operands align to 16, not to the 32-byte payload.
        // Neighbour: at 0x8000_0010, aligned to 16 though not to 32.
        TlpRuleVector.Received(
            "AtomicAddressMisaligned: CAS 16", TlpRule.AtomicAddressMisaligned, "Address",
            Hex.Concat("4E000008 01004300 80000008", new byte[32]), Hex.Concat("4E000008 01004300 80000010", new byte[32])),
    ];
}
