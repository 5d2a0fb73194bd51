namespace Cosim.Tlp.Tests.Tlp;

public static partial class TlpVectors
{
    // One vector per DW0 field that the kind vectors leave at zero: T9/T8, TC, TD and the digest, EP,
    // Attr (RO, NS, IDO), AT, TH with PH, LN, and the Length encodings 1023 and 1024 (as 0).
    private static TlpVector[] HeaderFields() =>
    [
        // 10-bit tag 0x3a5 on an MRd of 4 bytes at 0x1000: Tag[9] → T9 (byte 1 bit 7), Tag[8] → T8 (byte 1 bit 3).
        //   byte 1: T9 1, TC 000, T8 1, Attr[2] 0, LN 0, TH 0 = 1000_1000  → 88
        //   DW1: Requester 01 00, Tag[7:0] a5, BEs 0000 1111               → 01 00 a5 0f
        TlpVector.Of(
            "Tag 10-bit T9 T8",
            new TlpHeader { Kind = TlpKind.MemoryRead, Length = 1, RequesterId = s_endpoint, Tag = 0x3A5, FirstDwByteEnables = 0xF, Address = 0x1000 },
            "00880001 0100A50F 00001000"),

        // 10-bit tag 0x200 (only T9): byte 1 = 1000_0000 → 80, Tag[7:0] 00.
        TlpVector.Of(
            "Tag 10-bit T9 only",
            new TlpHeader { Kind = TlpKind.MemoryRead, Length = 1, RequesterId = s_endpoint, Tag = 0x200, FirstDwByteEnables = 0xF, Address = 0x1000 },
            "00800001 0100000F 00001000"),

        // 10-bit tag 0x1ff in a completion: T8 in byte 1 (0000_1000 → 08), Tag[7:0] in byte 10 → ff.
        //   bytes: 0a 08 00 00 | 01 00 20 04 (01:00.0, UR, Byte Count 4) | 00 00 ff 00
        TlpVector.Of(
            "Tag 10-bit in Cpl",
            new TlpHeader
            {
                Kind = TlpKind.Completion, CompleterId = s_endpoint, Status = CompletionStatus.UnsupportedRequest,
                ByteCount = 4, RequesterId = s_rootComplex, Tag = 0x1FF,
            },
            "0A080000 01002004 0000FF00"),

        // TC 7 on an MWr of 4 bytes at 0x2000: byte 1 = 0 111 0 0 0 0 → 70.
        TlpVector.Of(
            "TC 7",
            new TlpHeader { Kind = TlpKind.MemoryWrite, TrafficClass = 7, Length = 1, RequesterId = s_endpoint, FirstDwByteEnables = 0xF, Address = 0x2000 },
            "40700001 0100000F 00002000",
            "01020304"),

        // TC 3 on an MRd: byte 1 = 0 011 0 0 0 0 → 30.
        TlpVector.Of(
            "TC 3",
            new TlpHeader { Kind = TlpKind.MemoryRead, TrafficClass = 3, Length = 1, RequesterId = s_endpoint, Tag = 0x01, FirstDwByteEnables = 0xF, Address = 0x2000 },
            "00300001 0100010F 00002000"),

        // TD with digest on an MWr of aa bb cc dd at 0x3000: byte 2 = TD 1 → 80; the digest DW follows the payload.
        TlpVector.Of(
            "TD MWr digest",
            new TlpHeader
            {
                Kind = TlpKind.MemoryWrite, TlpDigest = true, Digest = 0x89AB_CDEF, Length = 1, RequesterId = s_endpoint,
                FirstDwByteEnables = 0xF, Address = 0x3000,
            },
            "40008001 0100000F 00003000",
            "AABBCCDD",
            "89ABCDEF"),

        // TD on an MRd (no payload): the digest DW follows the header directly.
        TlpVector.Of(
            "TD MRd digest",
            new TlpHeader
            {
                Kind = TlpKind.MemoryRead, TlpDigest = true, Digest = 0x1234_5678, Length = 1, RequesterId = s_endpoint, Tag = 0x03,
                FirstDwByteEnables = 0xF, Address = 0x3000,
            },
            "00008001 0100030F 00003000",
            digestHex: "12345678"),

        // EP (poisoned) CplD: byte 2 = TD 0, EP 1 → 40. Completer 00:00.0, Byte Count 4, Requester 01:00.0, tag 05.
        TlpVector.Of(
            "EP CplD",
            new TlpHeader
            {
                Kind = TlpKind.CompletionWithData, Poisoned = true, Length = 1, CompleterId = s_rootComplex,
                ByteCount = 4, RequesterId = s_endpoint, Tag = 0x05,
            },
            "4A004001 00000004 01000500",
            "DEADDEAD"),

        // Attr RO (Attr[1], byte 2 bit 5) on an MRd at 0x4000: byte 2 = 0010_0000 → 20.
        TlpVector.Of(
            "Attr RO",
            new TlpHeader
            {
                Kind = TlpKind.MemoryRead, Attributes = TlpAttributes.RelaxedOrdering, Length = 1, RequesterId = s_endpoint, Tag = 0x06,
                FirstDwByteEnables = 0xF, Address = 0x4000,
            },
            "00002001 0100060F 00004000"),

        // Attr NS (Attr[0], byte 2 bit 4): byte 2 = 0001_0000 → 10.
        TlpVector.Of(
            "Attr NS",
            new TlpHeader
            {
                Kind = TlpKind.MemoryRead, Attributes = TlpAttributes.NoSnoop, Length = 1, RequesterId = s_endpoint, Tag = 0x06,
                FirstDwByteEnables = 0xF, Address = 0x4000,
            },
            "00001001 0100060F 00004000"),

        // Attr IDO (Attr[2], byte 1 bit 2): byte 1 = 0000_0100 → 04.
        TlpVector.Of(
            "Attr IDO",
            new TlpHeader
            {
                Kind = TlpKind.MemoryRead, Attributes = TlpAttributes.IdBasedOrdering, Length = 1, RequesterId = s_endpoint, Tag = 0x06,
                FirstDwByteEnables = 0xF, Address = 0x4000,
            },
            "00040001 0100060F 00004000"),

        // Attr IDO + RO + NS on a CplD (completions copy the request's attributes): byte 1 → 04, byte 2 → 30.
        TlpVector.Of(
            "Attr all in CplD",
            new TlpHeader
            {
                Kind = TlpKind.CompletionWithData,
                Attributes = TlpAttributes.IdBasedOrdering | TlpAttributes.RelaxedOrdering | TlpAttributes.NoSnoop,
                Length = 1, CompleterId = s_rootComplex, ByteCount = 4, RequesterId = s_endpoint, Tag = 0x06,
            },
            "4A043001 00000004 01000600",
            "00000000"),

        // AT 10b (Translated) on an MRd at 0x5000: byte 2 bits 3:2 = 10 → 0000_1000 → 08.
        TlpVector.Of(
            "AT Translated",
            new TlpHeader
            {
                Kind = TlpKind.MemoryRead, AddressType = AddressType.Translated, Length = 1, RequesterId = s_endpoint, Tag = 0x07,
                FirstDwByteEnables = 0xF, Address = 0x5000,
            },
            "00000801 0100070F 00005000"),

        // AT 01b (Translation Request): byte 2 = 0000_0100 → 04.
        TlpVector.Of(
            "AT Translation Request",
            new TlpHeader
            {
                Kind = TlpKind.MemoryRead, AddressType = AddressType.TranslationRequest, Length = 1, RequesterId = s_endpoint, Tag = 0x07,
                FirstDwByteEnables = 0xF, Address = 0x5000,
            },
            "00000401 0100070F 00005000"),

        // TH with PH 10b (Target) on an MWr at 0x6000; a posted request carries ST[7:0] = 5a in the Tag field (§2.2.7.1).
        //   byte 1: TH (bit 0) → 01; DW2: Address 0x6000 | PH 10            → 00 00 60 02
        TlpVector.Of(
            "TH PH MWr",
            new TlpHeader
            {
                Kind = TlpKind.MemoryWrite, ProcessingHintsPresent = true, ProcessingHint = 0b10, Length = 1, RequesterId = s_endpoint,
                Tag = 0x5A, FirstDwByteEnables = 0xF, Address = 0x6000,
            },
            "40010001 01005A0F 00006002",
            "01020304"),

        // TH with PH 11b on a 4 DW MRd at 0x1_0000_6000: PH sits in the last address DW → 00 00 60 03.
        TlpVector.Of(
            "TH PH MRd 4DW",
            new TlpHeader
            {
                Kind = TlpKind.MemoryRead, FourDwHeader = true, ProcessingHintsPresent = true, ProcessingHint = 0b11, Length = 1,
                RequesterId = s_endpoint, Tag = 0x08, FirstDwByteEnables = 0xF, Address = 0x1_0000_6000,
            },
            "20010001 0100080F 00000001 00006003"),

        // LN (Lightweight Notification) on an MWr at 0x7000: byte 1 bit 1 → 02.
        TlpVector.Of(
            "LN MWr",
            new TlpHeader
            {
                Kind = TlpKind.MemoryWrite, LightweightNotification = true, Length = 1, RequesterId = s_endpoint,
                FirstDwByteEnables = 0xF, Address = 0x7000,
            },
            "40020001 0100000F 00007000",
            "11111111"),

        // Length 1024 DW is encoded as Length[9:0] = 00_0000_0000: an MRd of the whole page at 0x1000_0000.
        //   bytes 0-3: 00 00 00 00 (byte 2 Length[9:8] 00, byte 3 Length[7:0] 00); DW1: 01 00 09 ff; DW2: 10 00 00 00
        TlpVector.Of(
            "Length 1024 MRd",
            new TlpHeader
            {
                Kind = TlpKind.MemoryRead, Length = 1024, RequesterId = s_endpoint, Tag = 0x09,
                FirstDwByteEnables = 0xF, LastDwByteEnables = 0xF, Address = 0x1000_0000,
            },
            "00000000 010009FF 10000000"),

        // Length 1024 MWr: 40 00 00 00 | 01 00 00 ff | 10 00 00 00, then 4096 payload bytes.
        TlpVector.WithPatternPayload(
            "Length 1024 MWr",
            new TlpHeader
            {
                Kind = TlpKind.MemoryWrite, Length = 1024, RequesterId = s_endpoint,
                FirstDwByteEnables = 0xF, LastDwByteEnables = 0xF, Address = 0x1000_0000,
            },
            "40000000 010000FF 10000000",
            4096),

        // Length 1023 MWr at 0x1000_0004 (ends exactly at the page end): Length[9:8] = 11 → byte 2 = 03, byte 3 = ff.
        TlpVector.WithPatternPayload(
            "Length 1023 MWr",
            new TlpHeader
            {
                Kind = TlpKind.MemoryWrite, Length = 1023, RequesterId = s_endpoint,
                FirstDwByteEnables = 0xF, LastDwByteEnables = 0xF, Address = 0x1000_0004,
            },
            "400003FF 010000FF 10000004",
            4092),

        // CplD with Length 1024 (00 0000 0000) and Byte Count 4096 (0000_0000_0000): both encode as zero.
        //   4a 00 00 00 | 00 00 00 00 (completer 00:00.0, SC, Byte Count 0) | 01 00 09 00 (tag 09, Lower Address 0)
        TlpVector.WithPatternPayload(
            "Length 1024 CplD Byte Count 4096",
            new TlpHeader
            {
                Kind = TlpKind.CompletionWithData, Length = 1024, CompleterId = s_rootComplex,
                ByteCount = 4096, RequesterId = s_endpoint, Tag = 0x09,
            },
            "4A000000 00000000 01000900",
            4096),

        // Every DW0 flag at once on a 4 DW MWr of 8 bytes at 0x7fff_ffff_fff8 (ends at the page end):
        //   byte 0: Fmt 011, Type 0_0000                                   → 60
        //   byte 1: T9 1, TC 101, T8 1, IDO 1, LN 1, TH 1 = 1101_1111      → df
        //   byte 2: TD 1, EP 1, RO 1, NS 1, AT 10, Length[9:8] 00 = 1111_1000 → f8
        //   byte 3: Length 2                                               → 02
        //   DW1: Requester 01 00, Tag[7:0] ff (tag 0x3ff), BEs 1111 1111   → 01 00 ff ff
        //   DW2: Address[63:32] = 0x7fff                                   → 00 00 7f ff
        //   DW3: Address[31:2] = 0xffff_fff8 | PH 01                       → ff ff ff f9
        //   payload 8 bytes, then digest 0badf00d
        TlpVector.Of(
            "Every DW0 flag",
            new TlpHeader
            {
                Kind = TlpKind.MemoryWrite, FourDwHeader = true, TrafficClass = 5,
                Attributes = TlpAttributes.IdBasedOrdering | TlpAttributes.RelaxedOrdering | TlpAttributes.NoSnoop,
                AddressType = AddressType.Translated, TlpDigest = true, Digest = 0x0BAD_F00D, Poisoned = true,
                ProcessingHintsPresent = true, ProcessingHint = 0b01, LightweightNotification = true,
                Length = 2, RequesterId = s_endpoint, Tag = 0x3FF, FirstDwByteEnables = 0xF, LastDwByteEnables = 0xF,
                Address = 0x7FFF_FFFF_FFF8,
            },
            "60DFF802 0100FFFF 00007FFF FFFFFFF9",
            "01020304 05060708",
            "0BADF00D"),
    ];
}
