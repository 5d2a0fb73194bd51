namespace Cosim.Tlp.Tests.Tlp;

public static partial class TlpVectors
{
    // AtomicOp requests (§2.2.7, §6.15): the memory request layout with data; the BE fields
    // are reserved (00). FetchAdd and Swap carry one 4- or 8-byte operand, CAS a compare and a swap operand of
    // 4, 8 or 16 bytes each; the address is naturally aligned to the operand size.
    private static TlpVector[] AtomicOps() =>
    [
        // FetchAdd, 4-byte operand: 01:00.0 adds 1 to the DW at 0x8000_0010, tag 0x40.
        //   byte 0: Fmt 010 (3 DW, with data), Type 0_1100 (FetchAdd)      → 4c
        //   bytes 1-3: Length 1                                            → 00 00 01
        //   DW1: Requester 01 00, Tag 40, BEs reserved 00                  → 01 00 40 00
        //   DW2: Address 0x8000_0010                                       → 80 00 00 10
        //   payload: the addend                                            → 01 00 00 00
        TlpVector.Of(
            "FetchAdd 4",
            new TlpHeader { Kind = TlpKind.FetchAdd, Length = 1, RequesterId = s_endpoint, Tag = 0x40, Address = 0x8000_0010 },
            "4C000001 01004000 80000010",
            "01000000"),

        // FetchAdd, 8-byte operand at 0x1_0000_0008 (above 4 GiB, so 4 DW), tag 0x41.
        //   byte 0: Fmt 011 (4 DW, with data), Type 0_1100                 → 6c
        //   bytes 1-3: Length 2                                            → 00 00 02
        //   DW1: 01 00 41 00; DW2: Address[63:32] → 00 00 00 01; DW3: Address[31:2] → 00 00 00 08
        TlpVector.Of(
            "FetchAdd 8",
            new TlpHeader { Kind = TlpKind.FetchAdd, FourDwHeader = true, Length = 2, RequesterId = s_endpoint, Tag = 0x41, Address = 0x1_0000_0008 },
            "6C000002 01004100 00000001 00000008",
            "01000000 00000000"),

        // Swap, 8-byte operand at 0x8000_0028 (0x28 is a multiple of 8), tag 0x42.
        //   byte 0: Fmt 010, Type 0_1101 (Swap)                            → 4d
        //   bytes 1-3: Length 2; DW1: 01 00 42 00; DW2: 80 00 00 28
        TlpVector.Of(
            "Swap",
            new TlpHeader { Kind = TlpKind.Swap, Length = 2, RequesterId = s_endpoint, Tag = 0x42, Address = 0x8000_0028 },
            "4D000002 01004200 80000028",
            "11223344 55667788"),

        // CAS, 3 DW, 4-byte operands: compare 0, swap 1 at 0x8000_0004, tag 0x43. Payload = 2 operands = 2 DW.
        //   byte 0: Fmt 010, Type 0_1110 (CAS)                             → 4e
        //   bytes 1-3: Length 2; DW1: 01 00 43 00; DW2: 80 00 00 04
        //   payload: compare value, then swap value                        → 00 00 00 00 01 00 00 00
        TlpVector.Of(
            "CAS 3DW",
            new TlpHeader { Kind = TlpKind.CompareAndSwap, Length = 2, RequesterId = s_endpoint, Tag = 0x43, Address = 0x8000_0004 },
            "4E000002 01004300 80000004",
            "00000000 01000000"),

        // CAS, 4 DW, 16-byte operands at 0x2_0000_0ff0, tag 0x44: Length 8 (32 bytes of compare + swap).
        //   Memory accessed: 0x..ff0-0x..fff, the last 16 bytes of the page. The 32-byte payload does not
        //   make it cross 4 KiB: only one operand's worth of memory is touched.
        //   byte 0: Fmt 011, Type 0_1110                                   → 6e
        //   bytes 1-3: Length 8; DW1: 01 00 44 00; DW2: 00 00 00 02; DW3: 00 00 0f f0
        TlpVector.Of(
            "CAS 4DW",
            new TlpHeader { Kind = TlpKind.CompareAndSwap, FourDwHeader = true, Length = 8, RequesterId = s_endpoint, Tag = 0x44, Address = 0x2_0000_0FF0 },
            "6E000008 01004400 00000002 00000FF0",
            "00010203 04050607 08090A0B 0C0D0E0F 10111213 14151617 18191A1B 1C1D1E1F"),
    ];
}
