namespace Cosim.Tlp.Tests.Tlp;

public static partial class TlpRuleVectors
{
    private static TlpRuleVector[] CompletionsAndMessages() =>
    [
        // Byte Count 0 cannot be sent: 4096 is encoded as 0, so the field holds 1-4096.
        TlpRuleVector.Sent(
            "CompletionFieldOutOfRange: Byte Count 0", TlpRule.CompletionFieldOutOfRange, "Byte Count",
            CompletionHeader() with { ByteCount = 0 }, CompletionHeader() with { ByteCount = 4096 }),

        TlpRuleVector.Sent(
            "CompletionFieldOutOfRange: Byte Count 4097", TlpRule.CompletionFieldOutOfRange, "Byte Count",
            CompletionHeader() with { ByteCount = 4097 }, CompletionHeader() with { ByteCount = 1 }),

        // Lower Address is 7 bits.
        TlpRuleVector.Sent(
            "CompletionFieldOutOfRange: Lower Address 0x80", TlpRule.CompletionFieldOutOfRange, "Lower Address",
            CompletionHeader(TlpKind.CompletionWithData, 1) with { LowerAddress = 0x80 },
            CompletionHeader(TlpKind.CompletionWithData, 1) with { LowerAddress = 0x7F }),

        // Assert_INTA as MsgD (Fmt 011 → byte 0 = 74, Length 1). Neighbour: the Msg form (byte 0 = 34, Length 0).
        TlpRuleVector.Received(
            "MessageMustNotCarryData: Assert_INTA", TlpRule.MessageMustNotCarryData, "Message Code",
            "74000001 01000020 00000000 00000000 00000000", "34000000 01000020 00000000 00000000"),

        // ERR_FATAL as MsgD (70).
        TlpRuleVector.Received(
            "MessageMustNotCarryData: ERR_FATAL", TlpRule.MessageMustNotCarryData, "Message Code",
            "70000001 01000033 00000000 00000000 00000000", "30000000 01000033 00000000 00000000"),

        // PME_Turn_Off as MsgD (73).
        TlpRuleVector.Received(
            "MessageMustNotCarryData: PME_Turn_Off", TlpRule.MessageMustNotCarryData, "Message Code",
            "73000001 00000019 00000000 00000000 00000000", "33000000 00000019 00000000 00000000"),

        // Unlock as MsgD (73, code 00). Neighbour: Set_Slot_Power_Limit, a message that does carry data.
        TlpRuleVector.Received(
            "MessageMustNotCarryData: Unlock", TlpRule.MessageMustNotCarryData, "Message Code",
            "73000001 00000000 00000000 00000000 00000000", "74000001 00E00050 00000000 00000000 FA020000"),

        // A Message header asked to be 3 DW (Fmt 000 or 010 with a message Type is reserved).
        TlpRuleVector.Sent(
            "ReservedFormatType: sending Msg 3DW", TlpRule.ReservedFormatType, "Fmt", MessageHeader(fourDw: false), MessageHeader()),

        // A CfgRd0 header asked to be 4 DW.
        TlpRuleVector.Sent(
            "ReservedFormatType: sending CfgRd0 4DW", TlpRule.ReservedFormatType, "Fmt",
            ConfigReadHeader() with { FourDwHeader = true }, ConfigReadHeader()),

        // A TlpKind value that names no transaction.
        TlpRuleVector.Sent(
            "ReservedFormatType: sending an undefined kind", TlpRule.ReservedFormatType, "Kind",
            MemoryReadHeader() with { Kind = (TlpKind)99 }, MemoryReadHeader()),
    ];
}
