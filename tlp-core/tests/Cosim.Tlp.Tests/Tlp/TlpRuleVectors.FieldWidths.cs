namespace Cosim.Tlp.Tests.Tlp;

public static partial class TlpRuleVectors
{
    private static TlpRuleVector[] FieldWidths() =>
    [
        // Encoding-side rules: values that do not fit their bit field, and payloads or buffers of the wrong size.
        TlpRuleVector.Sent("FieldOutOfRange: Tag 1024", TlpRule.FieldOutOfRange, "Tag", MemoryReadHeader() with { Tag = 1024 }, MemoryReadHeader() with { Tag = 1023 }),
        TlpRuleVector.Sent("FieldOutOfRange: TC 8", TlpRule.FieldOutOfRange, "TC", MemoryReadHeader() with { TrafficClass = 8 }, MemoryReadHeader() with { TrafficClass = 7 }),
        TlpRuleVector.Sent(
            "FieldOutOfRange: Attr 8", TlpRule.FieldOutOfRange, "Attr",
            MemoryReadHeader() with { Attributes = (TlpAttributes)8 }, MemoryReadHeader() with { Attributes = (TlpAttributes)7 }),
        TlpRuleVector.Sent(
            "FieldOutOfRange: AT 4", TlpRule.FieldOutOfRange, "AT",
            MemoryReadHeader() with { AddressType = (AddressType)4 }, MemoryReadHeader() with { AddressType = AddressType.Translated }),
        TlpRuleVector.Sent(
            "FieldOutOfRange: First DW BE 0x10", TlpRule.FieldOutOfRange, "First DW BE",
            MemoryReadHeader() with { FirstDwByteEnables = 0x10 }, MemoryReadHeader() with { FirstDwByteEnables = 0x0 }),
        TlpRuleVector.Sent(
            "FieldOutOfRange: Last DW BE 0x10", TlpRule.FieldOutOfRange, "Last DW BE",
            MemoryReadHeader(length: 2, last: 0x10), MemoryReadHeader(length: 2, last: 0xF)),
        TlpRuleVector.Sent(
            "FieldOutOfRange: PH 4", TlpRule.FieldOutOfRange, "PH",
            MemoryReadHeader() with { ProcessingHintsPresent = true, ProcessingHint = 4 },
            MemoryReadHeader() with { ProcessingHintsPresent = true, ProcessingHint = 3 }),
        TlpRuleVector.Sent(
            "FieldOutOfRange: MRd Length 0", TlpRule.FieldOutOfRange, "Length", MemoryReadHeader(length: 0), MemoryReadHeader(length: 1)),
        TlpRuleVector.Sent(
            "FieldOutOfRange: MRd Length 1025", TlpRule.FieldOutOfRange, "Length",
            MemoryReadHeader(0x1000_0000, length: 1025, last: 0xF), MemoryReadHeader(0x1000_0000, length: 1024, last: 0xF)),
        TlpRuleVector.Sent(
            "FieldOutOfRange: Cpl Length 1", TlpRule.FieldOutOfRange, "Length", CompletionHeader(length: 1), CompletionHeader()),
        TlpRuleVector.Sent(
            "FieldOutOfRange: Msg Length 1", TlpRule.FieldOutOfRange, "Length", MessageHeader() with { Length = 1 }, MessageHeader()),
        // Reserved Completion Status values (3, 5-7) are carried; the receiver treats them as UR (§2.2.9).
        TlpRuleVector.Sent(
            "FieldOutOfRange: Completion Status 8", TlpRule.FieldOutOfRange, "Completion Status",
            CompletionHeader() with { Status = (CompletionStatus)8 }, CompletionHeader() with { Status = (CompletionStatus)7 }),
        TlpRuleVector.Sent(
            "FieldOutOfRange: Register Number beyond 4 KiB", TlpRule.FieldOutOfRange, "Register Number",
            ConfigReadHeader(0x1000), ConfigReadHeader(0xFFC)),
        TlpRuleVector.Sent(
            "FieldOutOfRange: Register Number not DW aligned", TlpRule.FieldOutOfRange, "Register Number",
            ConfigReadHeader(0x102), ConfigReadHeader(0x100)),
        TlpRuleVector.Sent(
            "FieldOutOfRange: r[2:0] 8", TlpRule.FieldOutOfRange, "r[2:0]",
            MessageHeader() with { Routing = (MessageRouting)8 }, MessageHeader() with { Routing = MessageRouting.Reserved7 }),
        TlpRuleVector.Sent(
            "FieldOutOfRange: Address[1:0]", TlpRule.FieldOutOfRange, "Address[1:0]",
            MemoryReadHeader(0x1002), MemoryReadHeader(0x1000)),

        // An MWr of Length 1 with 3 payload bytes, and a CfgRd0 (no data) with 4. Neighbours: the right sizes.
        new TlpRuleVector(
            "PayloadLengthMismatch: MWr short payload", TlpRule.PayloadLengthMismatch, "Length",
            () => TlpCodec.Encode(TlpVectors.Named("MWr 4DW").Header, new byte[3], new byte[64]),
            () => TlpCodec.Encode(TlpVectors.Named("MWr 4DW").Header, new byte[4], new byte[64])),
        new TlpRuleVector(
            "PayloadLengthMismatch: CfgRd0 with payload", TlpRule.PayloadLengthMismatch, "Length",
            () => TlpCodec.Encode(ConfigReadHeader(), new byte[4], new byte[64]),
            () => TlpCodec.Encode(ConfigReadHeader(), [], new byte[64])),

        // A 12-byte MRd into 11 bytes; a 16-byte MWr with 4 payload bytes into 16; a 4 DW header into 15.
        new TlpRuleVector(
            "DestinationTooSmall: Encode MRd", TlpRule.DestinationTooSmall, "destination",
            () => TlpCodec.Encode(MemoryReadHeader(), [], new byte[11]),
            () => TlpCodec.Encode(MemoryReadHeader(), [], new byte[12])),
        new TlpRuleVector(
            "DestinationTooSmall: Encode MWr payload", TlpRule.DestinationTooSmall, "destination",
            () => TlpCodec.Encode(TlpVectors.Named("MWr 3DW").Header, new byte[8], new byte[19]),
            () => TlpCodec.Encode(TlpVectors.Named("MWr 3DW").Header, new byte[8], new byte[20])),
        new TlpRuleVector(
            "DestinationTooSmall: EncodeHeader 4DW", TlpRule.DestinationTooSmall, "destination",
            () => TlpCodec.EncodeHeader(MemoryReadHeader(0x1_0000_0000), new byte[15]),
            () => TlpCodec.EncodeHeader(MemoryReadHeader(0x1_0000_0000), new byte[16])),
    ];
}
