namespace Cosim.Tlp.Tests.Tlp;

public static partial class TlpVectors
{
    // I/O request (§2.2.7): 3 DW, TC 0, Attr 0, AT 0, Length 1, Last BE 0000:
    //   DW0 | Requester ID, Tag, 0000 | First BE | Address[31:2], R
    // Configuration request (§2.2.7), same constraints:
    //   DW0 | Requester ID, Tag, 0000 | First BE | Bus, Device | Function, R | Ext Register Number[3:0] | Register Number[5:0], R
    private static TlpVector[] IoAndConfigRequests() =>
    [
        // IORd: 00:00.0 reads the 2 bytes at I/O port 0x0cfc (CONFIG_DATA), tag 0x07.
        //   byte 0: Fmt 000, Type 0_0010 (IO)                              → 02
        //   bytes 1-3: Length 1                                            → 00 00 01
        //   DW1: Requester 00 00, Tag 07, Last BE 0000 | First BE 0011 (bytes 0, 1) → 00 00 07 03
        //   DW2: Address[31:2] = 0x0cfc                                    → 00 00 0c fc
        TlpVector.Of(
            "IORd",
            new TlpHeader
            {
                Kind = TlpKind.IoRead, Length = 1, RequesterId = s_rootComplex, Tag = 0x07,
                FirstDwByteEnables = 0x3, Address = 0x0CFC,
            },
            "02000001 00000703 00000CFC"),

        // IOWr: 00:00.0 writes the byte 0x55 to I/O port 0x80 (the POST code port), tag 0x08.
        //   byte 0: Fmt 010, Type 0_0010                                   → 42
        //   DW1: Requester 00 00, Tag 08, Last BE 0000 | First BE 0001     → 00 00 08 01
        //   DW2: Address 0x80                                              → 00 00 00 80
        //   payload: byte 0 = 55, bytes 1-3 disabled                       → 55 00 00 00
        TlpVector.Of(
            "IOWr",
            new TlpHeader
            {
                Kind = TlpKind.IoWrite, Length = 1, RequesterId = s_rootComplex, Tag = 0x08,
                FirstDwByteEnables = 0x1, Address = 0x80,
            },
            "42000001 00000801 00000080",
            "55000000"),

        // CfgRd0: 00:00.0 reads BAR0 (offset 0x10) of 01:00.0, tag 0x10.
        //   byte 0: Fmt 000, Type 0_0100 (CfgRd0)                          → 04
        //   DW1: Requester 00 00, Tag 10, Last BE 0000 | First BE 1111     → 00 00 10 0f
        //   DW2: Bus 01, Device 00000 | Function 000 → 00, Ext Register 0000 → 00,
        //        Register Number 0x10 >> 2 = 4 → 0001_00 | R 00 → 10       → 01 00 00 10
        TlpVector.Of(
            "CfgRd0",
            new TlpHeader
            {
                Kind = TlpKind.ConfigRead0, Length = 1, RequesterId = s_rootComplex, Tag = 0x10,
                FirstDwByteEnables = 0xF, DestinationId = s_endpoint, Address = 0x010,
            },
            "04000001 0000100F 01000010"),

        // CfgWr0: 00:00.0 writes the 16-bit value 0x1234 at extended offset 0x106 of 02:03.1, tag 0x11.
        //   The DW is 0x104: Ext Register Number = 0x104 >> 8 = 1, Register Number = (0x104 >> 2) & 0x3f = 1;
        //   offset 0x106 is byte 2 of that DW, so First BE 1100.
        //   byte 0: Fmt 010, Type 0_0100 (CfgWr0)                          → 44
        //   DW1: Requester 00 00, Tag 11, Last BE 0000 | First BE 1100     → 00 00 11 0c
        //   DW2: Bus 02, Device 00011 | Function 001 → 19, Ext Register 0001 → 01, Register 000001 | 00 → 04
        //                                                                  → 02 19 01 04
        //   payload: little-endian 0x1234 in bytes 2-3                     → 00 00 34 12
        TlpVector.Of(
            "CfgWr0",
            new TlpHeader
            {
                Kind = TlpKind.ConfigWrite0, Length = 1, RequesterId = s_rootComplex, Tag = 0x11,
                FirstDwByteEnables = 0xC, DestinationId = PcieId.From(0x02, 0x03, 1), Address = 0x104,
            },
            "44000001 0000110C 02190104",
            "00003412"),

        // CfgRd1: 00:00.0 reads offset 0 (Vendor ID/Device ID) of 05:1f.7 behind a bridge, tag 0x12.
        //   byte 0: Fmt 000, Type 0_0101 (CfgRd1)                          → 05
        //   DW1: Requester 00 00, Tag 12, BEs 0000 1111                    → 00 00 12 0f
        //   DW2: Bus 05, Device 11111 | Function 111 → ff, Ext Register 0, Register 0 → 05 ff 00 00
        TlpVector.Of(
            "CfgRd1",
            new TlpHeader
            {
                Kind = TlpKind.ConfigRead1, Length = 1, RequesterId = s_rootComplex, Tag = 0x12,
                FirstDwByteEnables = 0xF, DestinationId = PcieId.From(0x05, 0x1F, 7), Address = 0x000,
            },
            "05000001 0000120F 05FF0000"),

        // CfgWr1: 00:00.0 writes the byte 0xa5 at offset 0xfff (the last byte of extended space) of 03:00.0, tag 0x13.
        //   The DW is 0xffc: Ext Register Number 0xf, Register Number 0x3f; byte 3 → First BE 1000.
        //   byte 0: Fmt 010, Type 0_0101 (CfgWr1)                          → 45
        //   DW1: Requester 00 00, Tag 13, BEs 0000 1000                    → 00 00 13 08
        //   DW2: Bus 03, Device/Function 00, Ext Register 0000_1111 → 0f, Register 111111 | 00 → fc
        //                                                                  → 03 00 0f fc
        //   payload: byte 3 = a5                                           → 00 00 00 a5
        TlpVector.Of(
            "CfgWr1",
            new TlpHeader
            {
                Kind = TlpKind.ConfigWrite1, Length = 1, RequesterId = s_rootComplex, Tag = 0x13,
                FirstDwByteEnables = 0x8, DestinationId = PcieId.From(0x03, 0x00, 0), Address = 0xFFC,
            },
            "45000001 00001308 03000FFC",
            "000000A5"),
    ];
}
