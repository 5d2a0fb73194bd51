namespace Cosim.Tlp.Tests.Tlp;

public static partial class TlpRuleVectors
{
    private static TlpRuleVector[] IoAndConfig() =>
    [
        // CfgRd0 with Length 2 (byte 3 = 02).
        TlpRuleVector.Received(
            "LengthMustBeOne: CfgRd0", TlpRule.LengthMustBeOne, "Length", "04000002 0000100F 01000010", "04000001 0000100F 01000010"),

        // IOWr with Length 2 and 8 payload bytes.
        TlpRuleVector.Received(
            "LengthMustBeOne: IOWr", TlpRule.LengthMustBeOne, "Length",
            "42000002 00000801 00000080 55000000 00000000", "42000001 00000801 00000080 55000000"),

        // CfgRd0 with TC 1 (byte 1 = 0 001 0000 → 10).
        TlpRuleVector.Received(
            "TrafficClassMustBeZero: CfgRd0", TlpRule.TrafficClassMustBeZero, "TC", "04100001 0000100F 01000010", "04000001 0000100F 01000010"),

        // IORd with TC 7 (byte 1 = 70).
        TlpRuleVector.Received(
            "TrafficClassMustBeZero: IORd", TlpRule.TrafficClassMustBeZero, "TC", "02700001 00000703 00000CFC", "02000001 00000703 00000CFC"),

        // IOWr with RO (byte 2 bit 5 → 20).
        TlpRuleVector.Received(
            "AttributesMustBeZero: IOWr RO", TlpRule.AttributesMustBeZero, "Attr",
            "42002001 00000801 00000080 55000000", "42000001 00000801 00000080 55000000"),

        // CfgWr0 with IDO (byte 1 bit 2 → 04).
        TlpRuleVector.Received(
            "AttributesMustBeZero: CfgWr0 IDO", TlpRule.AttributesMustBeZero, "Attr",
            "44040001 0000110C 02190104 00003412", "44000001 0000110C 02190104 00003412"),

        // CfgRd1 with NS (byte 2 bit 4 → 10).
        TlpRuleVector.Received(
            "AttributesMustBeZero: CfgRd1 NS", TlpRule.AttributesMustBeZero, "Attr", "05001001 0000120F 05FF0000", "05000001 0000120F 05FF0000"),

        // CfgWr0 with AT 10b (byte 2 bits 3:2 → 08).
        TlpRuleVector.Received(
            "AddressTypeMustBeZero: CfgWr0", TlpRule.AddressTypeMustBeZero, "AT",
            "44000801 0000110C 02190104 00003412", "44000001 0000110C 02190104 00003412"),

        // IORd with AT 01b (byte 2 → 04).
        TlpRuleVector.Received(
            "AddressTypeMustBeZero: IORd", TlpRule.AddressTypeMustBeZero, "AT", "02000401 00000703 00000CFC", "02000001 00000703 00000CFC"),
    ];

    private static TlpRuleVector[] ByteEnableRules() =>
    [
        // MRd of 1 DW with Last BE 1111 (byte 7 = ff). Neighbour: Last BE 0000.
        TlpRuleVector.Received(
            "LastByteEnablesMustBeZeroForOneDw: MRd", TlpRule.LastByteEnablesMustBeZeroForOneDw, "Last DW BE", "00000001 01000AFF 00001000", MemoryRead),

        // CfgRd0 with Last BE 0001 (byte 7 = 1f).
        TlpRuleVector.Received(
            "LastByteEnablesMustBeZeroForOneDw: CfgRd0", TlpRule.LastByteEnablesMustBeZeroForOneDw, "Last DW BE",
            "04000001 0000101F 01000010", "04000001 0000100F 01000010"),

        // MRd of 2 DW with First BE 0000 (byte 7 = f0). Neighbour: First BE 1111.
        TlpRuleVector.Received(
            "FirstByteEnablesMustNotBeZero: MRd", TlpRule.FirstByteEnablesMustNotBeZero, "First DW BE",
            "00000002 01000AF0 00001000", "00000002 01000AFF 00001000"),

        // MRd of 2 DW with Last BE 0000 (byte 7 = 0f). Neighbour: Last BE 1111.
        TlpRuleVector.Received(
            "LastByteEnablesMustNotBeZero: MRd", TlpRule.LastByteEnablesMustNotBeZero, "Last DW BE",
            "00000002 01000A0F 00001000", "00000002 01000AFF 00001000"),

        // MRd of 3 DW with First BE 0101 (a gap). Neighbour: First BE 1100, contiguous up to byte 3.
        TlpRuleVector.Received(
            "ByteEnablesMustBeContiguous: First BE gap", TlpRule.ByteEnablesMustBeContiguous, "First DW BE",
            "00000003 01000AF5 00001000", "00000003 01000AFC 00001000"),

        // MRd of 3 DW with Last BE 1010. Neighbour: Last BE 0011, contiguous from byte 0.
        TlpRuleVector.Received(
            "ByteEnablesMustBeContiguous: Last BE gap", TlpRule.ByteEnablesMustBeContiguous, "Last DW BE",
            "00000003 01000AAF 00001000", "00000003 01000A3F 00001000"),

        // MRd of 2 DW at 0x1004 (not QW aligned) with BEs 1010 0101. Neighbour: the same BEs at 0x1000, where a
        // QW-aligned 2 DW request may have non-contiguous byte enables (§2.2.5).
        TlpRuleVector.Received(
            "ByteEnablesMustBeContiguous: 2 DW not QW aligned", TlpRule.ByteEnablesMustBeContiguous, "First DW BE",
            "00000002 01000AA5 00001004", "00000002 01000AA5 00001000"),

        // MWr of 3 DW with First BE 1011.
        TlpRuleVector.Received(
            "ByteEnablesMustBeContiguous: MWr", TlpRule.ByteEnablesMustBeContiguous, "First DW BE",
            "40000003 010000FB 00001000 00000000 00000000 00000000", "40000003 010000F8 00001000 00000000 00000000 00000000"),
    ];
}
