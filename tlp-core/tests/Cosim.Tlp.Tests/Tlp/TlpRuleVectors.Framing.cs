namespace Cosim.Tlp.Tests.Tlp;

public static partial class TlpRuleVectors
{
    private static TlpRuleVector[] Framing() =>
    [
        // The MRd base without its last byte: 11 of the 12 bytes DW0 announces.
        TlpRuleVector.Received("Truncated: header cut short", TlpRule.Truncated, "Length", "00000001 01000A0F 000010", MemoryRead),

        // Three bytes: not even DW0.
        TlpRuleVector.Received("Truncated: no first DW", TlpRule.Truncated, "DW0", "000000", MemoryRead),

        // The MWr base without the last payload byte.
        TlpRuleVector.Received("Truncated: payload cut short", TlpRule.Truncated, "Length", "40000001 0100000F 00001000 AABBCC", MemoryWrite),

        // TD set (byte 2 = 80) but only two of the four digest bytes present.
        TlpRuleVector.Received(
            "Truncated: digest cut short", TlpRule.Truncated, "Length",
            "40008001 0100000F 00001000 AABBCCDD 1234", "40008001 0100000F 00001000 AABBCCDD 12345678"),

        // TotalSizeFromFirstDword is a decoder too: three bytes are not a first DW.
        new TlpRuleVector(
            "Truncated: size of a short first DW", TlpRule.Truncated, "DW0",
            () => TlpCodec.TotalSizeFromFirstDword(Hex.Parse("000000")),
            () => TlpCodec.TotalSizeFromFirstDword(Hex.Parse("00000001"))),

        // One byte after the MRd base.
        TlpRuleVector.Received("TrailingBytes: after a header", TlpRule.TrailingBytes, "Length", MemoryRead + " 00", MemoryRead),

        // A whole DW after the MWr payload.
        TlpRuleVector.Received("TrailingBytes: after a payload", TlpRule.TrailingBytes, "Length", MemoryWrite + " 00000000", MemoryWrite),
    ];

    private static TlpRuleVector[] FormatAndType() =>
    [
        // Fmt 010 with Type 0_0001: a "locked write" does not exist. Neighbour: MRdLk (Fmt 000, Type 0_0001).
        TlpRuleVector.Received(
            "ReservedFormatType: MWrLk", TlpRule.ReservedFormatType, "Fmt/Type",
            "41000001 0100000F 00001000 AABBCCDD", "01000001 0100000F 00001000"),

        // IORd with Fmt 001 (4 DW): I/O requests are 3 DW only. Neighbour: the 3 DW IORd.
        TlpRuleVector.Received(
            "ReservedFormatType: IORd 4DW", TlpRule.ReservedFormatType, "Fmt/Type",
            "22000001 0000070F 00000000 00000CF8", "02000001 0000070F 00000CF8"),

        // CfgRd0 with Fmt 001.
        TlpRuleVector.Received(
            "ReservedFormatType: CfgRd0 4DW", TlpRule.ReservedFormatType, "Fmt/Type",
            "24000001 0000100F 01000010 00000000", "04000001 0000100F 01000010"),

        // Cpl with Fmt 001: completions are 3 DW only.
        TlpRuleVector.Received(
            "ReservedFormatType: Cpl 4DW", TlpRule.ReservedFormatType, "Fmt/Type",
            "2A000000 01002004 00001000 00000000", "0A000000 01002004 00001000"),

        // FetchAdd with Fmt 000: AtomicOps always carry data.
        TlpRuleVector.Received(
            "ReservedFormatType: FetchAdd without data", TlpRule.ReservedFormatType, "Fmt/Type",
            "0C000001 01004000 80000010", "4C000001 01004000 80000010 01000000"),

        // Assert_INTA with Fmt 000 (3 DW): messages are 4 DW only.
        TlpRuleVector.Received(
            "ReservedFormatType: Msg 3DW", TlpRule.ReservedFormatType, "Fmt/Type",
            "14000000 01000020 00000000", "34000000 01000020 00000000 00000000"),

        // Type 1_1011 (the deprecated TCfgRd) on an otherwise plain MRd.
        TlpRuleVector.Received(
            "ReservedFormatType: Type 1_1011", TlpRule.ReservedFormatType, "Fmt/Type", "1B000001 01000A0F 00001000", MemoryRead),

        // Fmt 101 (reserved) on an otherwise plain MRd.
        TlpRuleVector.Received(
            "ReservedFormatType: Fmt 101", TlpRule.ReservedFormatType, "Fmt/Type", "A0000001 01000A0F 00001000", MemoryRead),

        // Fmt 100, Type 0_0000: a Local TLP Prefix in front of the MRd base.
        TlpRuleVector.Received(
            "TlpPrefixNotSupported: local prefix", TlpRule.TlpPrefixNotSupported, "Fmt",
            "80000000 00000001 01000A0F 00001000", MemoryRead),

        // Fmt 100, Type 1_0000: an End-End TLP Prefix, refused from DW0 alone.
        TlpRuleVector.Received(
            "TlpPrefixNotSupported: end-end prefix", TlpRule.TlpPrefixNotSupported, "Fmt", "90000000", MemoryRead),
    ];
}
