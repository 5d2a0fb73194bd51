namespace Cosim.Tlp.Tests.Tlp;

public static partial class TlpVectors
{
    // Memory request header (§2.2.7):
    //   3 DW: DW0 | Requester ID, Tag, Last BE | First BE | Address[31:2], PH[1:0]
    //   4 DW: DW0 | Requester ID, Tag, Last BE | First BE | Address[63:32] | Address[31:2], PH[1:0]
    private static TlpVector[] MemoryRequests() =>
    [
        // MRd, 3 DW: 01:00.0 reads 64 bytes at 0x1000_0040 with tag 0x2a.
        //   byte 0: Fmt 000 (3 DW, no data), Type 0_0000 (MRd)             → 00
        //   byte 1: T9 0, TC 000, T8 0, Attr[2] 0, LN 0, TH 0              → 00
        //   byte 2: TD 0, EP 0, Attr[1:0] 00, AT 00, Length[9:8] 00        → 00
        //   byte 3: Length[7:0] = 64 / 4 = 16                              → 10
        //   DW1: Requester 01 00, Tag 2a, Last BE 1111 | First BE 1111     → 01 00 2a ff
        //   DW2: Address[31:2] of 0x1000_0040, PH 00                       → 10 00 00 40
        TlpVector.Of(
            "MRd 3DW",
            new TlpHeader
            {
                Kind = TlpKind.MemoryRead, Length = 16, RequesterId = s_endpoint, Tag = 0x2A,
                FirstDwByteEnables = 0xF, LastDwByteEnables = 0xF, Address = 0x1000_0040,
            },
            "00000010 01002AFF 10000040"),

        // MRd, 4 DW: 00:02.0 reads 8 bytes at 0x1_2345_6780 (above 4 GiB, so the 64-bit format) with tag 0x05.
        //   byte 0: Fmt 001 (4 DW, no data), Type 0_0000                   → 20
        //   bytes 1-3: no flags, Length 2                                  → 00 00 02
        //   DW1: Requester 00:02.0 = 0000_0000 0001_0 000 → 00 10; Tag 05; BEs 1111 1111 → 00 10 05 ff
        //   DW2: Address[63:32]                                            → 00 00 00 01
        //   DW3: Address[31:2], PH 00                                      → 23 45 67 80
        TlpVector.Of(
            "MRd 4DW",
            new TlpHeader
            {
                Kind = TlpKind.MemoryRead, FourDwHeader = true, Length = 2, RequesterId = PcieId.From(0x00, 0x02, 0), Tag = 0x05,
                FirstDwByteEnables = 0xF, LastDwByteEnables = 0xF, Address = 0x1_2345_6780,
            },
            "20000002 001005FF 00000001 23456780"),

        // MRdLk, 3 DW: 00:00.0 reads the DW at 0x000a_0000 locked, tag 0x01.
        //   byte 0: Fmt 000, Type 0_0001 (MRdLk)                           → 01
        //   bytes 1-3: Length 1                                            → 00 00 01
        //   DW1: Requester 00 00, Tag 01, Last BE 0000 (1 DW) | First BE 1111 → 00 00 01 0f
        //   DW2: Address 0x000a_0000                                       → 00 0a 00 00
        TlpVector.Of(
            "MRdLk",
            new TlpHeader
            {
                Kind = TlpKind.MemoryReadLocked, Length = 1, RequesterId = s_rootComplex, Tag = 0x01,
                FirstDwByteEnables = 0xF, Address = 0x000A_0000,
            },
            "01000001 0000010F 000A0000"),

        // MWr, 3 DW: 01:00.0 writes the 6 bytes 11 22 33 44 55 66 at 0xf000_0006.
        //   The bytes span DW 0xf000_0004 (bytes 2-3) and DW 0xf000_0008 (bytes 0-3): Length 2,
        //   First BE 1100, Last BE 1111. The address is not QW aligned; the BEs are contiguous, as required.
        //   byte 0: Fmt 010 (3 DW, with data), Type 0_0000 (MWr)           → 40
        //   bytes 1-3: Length 2                                            → 00 00 02
        //   DW1: Requester 01 00, Tag 00, Last BE 1111 | First BE 1100     → 01 00 00 fc
        //   DW2: Address[31:2] = 0xf000_0004                               → f0 00 00 04
        //   payload (address order; disabled bytes 0 and 1 sent as 00)     → 00 00 11 22 33 44 55 66
        TlpVector.Of(
            "MWr 3DW",
            new TlpHeader
            {
                Kind = TlpKind.MemoryWrite, Length = 2, RequesterId = s_endpoint,
                FirstDwByteEnables = 0xC, LastDwByteEnables = 0xF, Address = 0xF000_0004,
            },
            "40000002 010000FC F0000004",
            "00001122 33445566"),

        // MWr, 4 DW: 01:00.0 writes de ad be ef at 0x10_0000_0000 (64 GiB).
        //   byte 0: Fmt 011 (4 DW, with data), Type 0_0000                 → 60
        //   bytes 1-3: Length 1                                            → 00 00 01
        //   DW1: Requester 01 00, Tag 00, Last BE 0000 | First BE 1111     → 01 00 00 0f
        //   DW2: Address[63:32] = 0x10                                     → 00 00 00 10
        //   DW3: Address[31:2] = 0                                         → 00 00 00 00
        TlpVector.Of(
            "MWr 4DW",
            new TlpHeader
            {
                Kind = TlpKind.MemoryWrite, FourDwHeader = true, Length = 1, RequesterId = s_endpoint,
                FirstDwByteEnables = 0xF, Address = 0x10_0000_0000,
            },
            "60000001 0100000F 00000010 00000000",
            "DEADBEEF"),
    ];
}
