namespace Cosim.Tlp.Tests.Tlp;

public static partial class TlpVectors
{
    // Completion (§2.2.9, Figure 2-33), always 3 DW:
    //   DW0 | Completer ID, Status[2:0] BCM Byte Count[11:8], Byte Count[7:0] | Requester ID, Tag[7:0], R Lower Address[6:0]
    // Status: 000 SC, 001 UR, 010 CRS, 100 CA. Length is reserved (0) in Cpl and CplLk.
    private static TlpVector[] Completions() =>
    [
        // Cpl, UR: 01:00.0 answers the CfgRd0 (tag 0x10) of 00:00.0 with Unsupported Request.
        //   byte 0: Fmt 000, Type 0_1010 (Cpl)                             → 0a
        //   bytes 1-3: Length reserved                                     → 00 00 00
        //   DW1: Completer 01 00; Status 001 | BCM 0 | Byte Count[11:8] 0000 → 20; Byte Count 4 → 04
        //                                                                  → 01 00 20 04
        //   DW2: Requester 00 00, Tag 10, R 0 | Lower Address 0            → 00 00 10 00
        TlpVector.Of(
            "Cpl UR",
            new TlpHeader
            {
                Kind = TlpKind.Completion, CompleterId = s_endpoint, Status = CompletionStatus.UnsupportedRequest,
                ByteCount = 4, RequesterId = s_rootComplex, Tag = 0x10,
            },
            "0A000000 01002004 00001000"),

        // Cpl, CRS: as above with Status 010 (Configuration Request Retry)  → byte 6 = 010_0_0000 = 40.
        TlpVector.Of(
            "Cpl CRS",
            new TlpHeader
            {
                Kind = TlpKind.Completion, CompleterId = s_endpoint, Status = CompletionStatus.ConfigurationRequestRetry,
                ByteCount = 4, RequesterId = s_rootComplex, Tag = 0x10,
            },
            "0A000000 01004004 00001000"),

        // Cpl, CA: as above with Status 100 (Completer Abort)              → byte 6 = 100_0_0000 = 80.
        TlpVector.Of(
            "Cpl CA",
            new TlpHeader
            {
                Kind = TlpKind.Completion, CompleterId = s_endpoint, Status = CompletionStatus.CompleterAbort,
                ByteCount = 4, RequesterId = s_rootComplex, Tag = 0x10,
            },
            "0A000000 01008004 00001000"),

        // CplD: 00:00.0 returns the 6 bytes at 0xf000_0006 that 01:00.0 read with tag 0x2a.
        //   The data starts at byte 2 of its DW, so Length 2, Byte Count 6, Lower Address 0x06.
        //   byte 0: Fmt 010, Type 0_1010 (CplD)                            → 4a
        //   bytes 1-3: Length 2                                            → 00 00 02
        //   DW1: Completer 00 00, Status 000 | BCM 0 | Byte Count[11:8] 0 → 00, Byte Count 06 → 00 00 00 06
        //   DW2: Requester 01 00, Tag 2a, Lower Address 000_0110           → 01 00 2a 06
        //   payload: 2 pad bytes then the data                             → 00 00 11 22 33 44 55 66
        TlpVector.Of(
            "CplD",
            new TlpHeader
            {
                Kind = TlpKind.CompletionWithData, Length = 2, CompleterId = s_rootComplex,
                ByteCount = 6, RequesterId = s_endpoint, Tag = 0x2A, LowerAddress = 0x06,
            },
            "4A000002 00000006 01002A06",
            "00001122 33445566"),

        // CplD, first of two: the 64-byte read at 0x1000_0040 is answered 32 bytes at a time. The first
        //   completion has Length 8 and Byte Count 64 (all that remains) at Lower Address 0x40.
        //   byte 0..3: 4a 00 00 08; DW1: 00 00, Byte Count 0x040 → 00 40; DW2: 01 00 2a, 0_100_0000 → 40
        TlpVector.Of(
            "CplD split",
            new TlpHeader
            {
                Kind = TlpKind.CompletionWithData, Length = 8, CompleterId = s_rootComplex,
                ByteCount = 64, RequesterId = s_endpoint, Tag = 0x2A, LowerAddress = 0x40,
            },
            "4A000008 00000040 01002A40",
            "00010203 04050607 08090A0B 0C0D0E0F 10111213 14151617 18191A1B 1C1D1E1F"),

        // CplLk: 01:00.0 fails the locked read (MRdLk above, tag 0x01, address 0x000a_0000) with UR.
        //   byte 0: Fmt 000, Type 0_1011 (CplLk)                           → 0b
        //   DW1: Completer 01 00, Status 001 → 20, Byte Count 4            → 01 00 20 04
        //   DW2: Requester 00 00, Tag 01, Lower Address 0x00 (of 0x000a_0000) → 00 00 01 00
        TlpVector.Of(
            "CplLk",
            new TlpHeader
            {
                Kind = TlpKind.CompletionLocked, CompleterId = s_endpoint, Status = CompletionStatus.UnsupportedRequest,
                ByteCount = 4, RequesterId = s_rootComplex, Tag = 0x01,
            },
            "0B000000 01002004 00000100"),

        // CplDLk: the same locked read answered successfully with the DW 0x12345678 (little-endian in memory).
        //   byte 0: Fmt 010, Type 0_1011 (CplDLk)                          → 4b
        //   bytes 1-3: Length 1                                            → 00 00 01
        //   DW1: Completer 01 00, Status 000, Byte Count 4                 → 01 00 00 04
        //   DW2: Requester 00 00, Tag 01, Lower Address 0                  → 00 00 01 00
        TlpVector.Of(
            "CplDLk",
            new TlpHeader
            {
                Kind = TlpKind.CompletionLockedWithData, Length = 1, CompleterId = s_endpoint,
                ByteCount = 4, RequesterId = s_rootComplex, Tag = 0x01,
            },
            "4B000001 01000004 00000100",
            "78563412"),
    ];
}
