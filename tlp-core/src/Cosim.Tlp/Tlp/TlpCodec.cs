namespace Cosim.Tlp;

/// <summary>
/// Encodes and decodes TLPs in the PCIe Base Specification's byte layout: header DWs big-endian as on the wire,
/// payload bytes in address order, then the optional TLP Digest. Decoding has two outcomes besides success:
/// "need more bytes" (<c>false</c>) and a <see cref="TlpFormatException"/> naming the broken rule.
/// </summary>
public static partial class TlpCodec
{
    // Type[4:0] encodings (PCIe Base 6.0 Table 2-3).
    private const byte TypeMemory = 0b0_0000;
    private const byte TypeMemoryLocked = 0b0_0001;
    private const byte TypeIo = 0b0_0010;
    private const byte TypeConfig0 = 0b0_0100;
    private const byte TypeConfig1 = 0b0_0101;
    private const byte TypeCompletion = 0b0_1010;
    private const byte TypeCompletionLocked = 0b0_1011;
    private const byte TypeFetchAdd = 0b0_1100;
    private const byte TypeSwap = 0b0_1101;
    private const byte TypeCompareAndSwap = 0b0_1110;
    private const byte TypeMessageBase = 0b1_0000;
    private const byte TypeMessageMask = 0b1_1000;
    private const byte MessageRoutingMask = 0b0_0111;

    // DW0 bit positions (§2.2.1, Figure 2-5).
    private const int FmtShift = 5;
    private const byte TypeMask = 0x1F;
    private const byte Byte1Tag9 = 0x80;
    private const int Byte1TrafficClassShift = 4;
    private const byte Byte1Tag8 = 0x08;
    private const byte Byte1IdBasedOrdering = 0x04;
    private const byte Byte1LightweightNotification = 0x02;
    private const byte Byte1ProcessingHints = 0x01;
    private const byte Byte2TlpDigest = 0x80;
    private const byte Byte2Poisoned = 0x40;
    private const byte Byte2RelaxedOrdering = 0x20;
    private const byte Byte2NoSnoop = 0x10;
    private const int Byte2AddressTypeShift = 2;
    private const int LengthMask = 0x3FF;
    private const int TagLowMask = 0xFF;
    private const int Tag8Bit = 0x100;
    private const int Tag9Bit = 0x200;
    private const byte ProcessingHintMask = 0b11;

    // Completion DW1/DW2 (§2.2.9, Figure 2-33).
    private const int CompletionStatusShift = 5;
    private const byte ByteCountModifiedBit = 0x10;
    private const int ByteCountMask = 0xFFF;
    private const byte LowerAddressMask = 0x7F;

    // Configuration DW2 (§2.2.7, Figure 2-20).
    private const int ConfigOffsetMask = 0xFFC;
    private const byte ExtendedRegisterMask = 0x0F;
    private const byte RegisterNumberMask = 0xFC;
    private const int FourKiB = 4096;

    private const int DwordBytes = 4;
}
