namespace Cosim.Tlp;

/// <summary>
/// The TLP formation rules the codec enforces (PCIe Base 6.0 §2.2 and §2.3.1.1, "Malformed TLP").
/// Every value has a test that makes it fire.
/// </summary>
public enum TlpRule
{
    /// <summary>The input ends inside the header or payload the header announces (a bounded TLP was cut short).</summary>
    Truncated,

    /// <summary>A bounded TLP has more bytes than its header and Length announce.</summary>
    TrailingBytes,

    /// <summary>Fmt/Type is a reserved or unsupported encoding (§2.2.1: "must be treated as Malformed TLPs").</summary>
    ReservedFormatType,

    /// <summary>A TLP Prefix (Fmt 100b): Cosim links carry no prefixes.</summary>
    TlpPrefixNotSupported,

    /// <summary>The payload size does not equal Length × 4 (§2.2.2: "the TLP's data payload size ... must match the Length field").</summary>
    PayloadLengthMismatch,

    /// <summary>An I/O or Configuration Request with Length ≠ 1 DW (§2.2.7: "Length[9:0] 00 0000 0001b").</summary>
    LengthMustBeOne,

    /// <summary>An I/O or Configuration Request with TC ≠ 0 (§2.2.7: "TC[2:0] must be 000b").</summary>
    TrafficClassMustBeZero,

    /// <summary>An I/O or Configuration Request with Attr ≠ 0 (§2.2.7: "Attr[2], Attr[1:0] must be 000b").</summary>
    AttributesMustBeZero,

    /// <summary>An I/O or Configuration Request with AT ≠ 00b (§2.2.7: "AT[1:0] must be 00b").</summary>
    AddressTypeMustBeZero,

    /// <summary>A request of Length 1 DW whose Last DW BE is not 0000b (§2.2.5).</summary>
    LastByteEnablesMustBeZeroForOneDw,

    /// <summary>A request longer than 1 DW whose First DW BE is 0000b (§2.2.5).</summary>
    FirstByteEnablesMustNotBeZero,

    /// <summary>A request longer than 1 DW whose Last DW BE is 0000b (§2.2.5).</summary>
    LastByteEnablesMustNotBeZero,

    /// <summary>Non-contiguous byte enables on a request of 3 DW or more, or 2 DW not QW-aligned (§2.2.5).</summary>
    ByteEnablesMustBeContiguous,

    /// <summary>A Memory Request or AtomicOp whose address and length cross a 4 KiB boundary (§2.2.7).</summary>
    CrossesFourKiBBoundary,

    /// <summary>A 3 DW header asked to carry an address above 4 GiB (§2.2.4.1: 64-bit addresses use the 4 DW format).</summary>
    ThreeDwHeaderWith64BitAddress,

    /// <summary>An AtomicOp whose operand size is not one the spec allows (§2.2.7: FetchAdd/Swap 4 or 8 bytes, CAS 8, 16 or 32).</summary>
    AtomicOperandSizeInvalid,

    /// <summary>An AtomicOp whose address is not naturally aligned to its operand size (§2.2.7).</summary>
    AtomicAddressMisaligned,

    /// <summary>A Completion with Byte Count larger than the data it says remains is impossible: Lower Address beyond one DW boundary etc.</summary>
    CompletionFieldOutOfRange,

    /// <summary>A Message that must not carry data (INTx, PM, ERR, Unlock) arrived as MsgD.</summary>
    MessageMustNotCarryData,

    /// <summary>A field value does not fit its bit width (encoding side: Tag above 10 bits, TC above 7, ...).</summary>
    FieldOutOfRange,

    /// <summary>A destination buffer is too small for the encoded TLP.</summary>
    DestinationTooSmall,
}
