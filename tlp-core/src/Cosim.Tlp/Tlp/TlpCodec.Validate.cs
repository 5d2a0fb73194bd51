namespace Cosim.Tlp;

public static partial class TlpCodec
{
    /// <summary>
    /// Checks <paramref name="header"/> against every formation rule of <see cref="TlpRule"/> that a header alone
    /// can break. Throws <see cref="TlpFormatException"/> naming the first broken rule.
    /// </summary>
    public static void Validate(in TlpHeader header) => Validate(header, []);

    private static void Validate(in TlpHeader header, ReadOnlySpan<byte> raw)
    {
        CheckFieldWidths(header, raw);
        CheckHeaderSize(header, raw);

        if (header.IsIoRequest || header.IsConfigRequest)
        {
            // §2.2.7: "TC[2:0] must be 000b", "Attr[2] ... Attr[1:0] must be 000b", "AT[1:0] must be 00b",
            // "Length[9:0] must be 00 0000 0001b", "Last DW BE[3:0] must be 0000b".
            Require(header.Length == 1, TlpRule.LengthMustBeOne, "Length", header.Length, raw);
            Require(header.TrafficClass == 0, TlpRule.TrafficClassMustBeZero, "TC", header.TrafficClass, raw);
            Require(header.Attributes == TlpAttributes.None, TlpRule.AttributesMustBeZero, "Attr", (ulong)header.Attributes, raw);
            Require(header.AddressType == AddressType.Untranslated, TlpRule.AddressTypeMustBeZero, "AT", (ulong)header.AddressType, raw);
        }

        if (header.HasByteEnables)
        {
            CheckByteEnables(header, raw);
        }

        if (header.IsMemoryRequest || header.IsAtomic)
        {
            // §2.2.7: "Requests must not specify an Address/Length combination which causes a Memory Space access
            // to cross a 4-KB boundary." A CAS payload holds two operands but accesses memory for one of them.
            ulong accessed = (ulong)header.Length * DwordBytes;
            if (header.Kind == TlpKind.CompareAndSwap)
            {
                accessed /= 2;
            }

            ulong end = (header.Address & (FourKiB - 1)) + accessed;
            Require(end <= FourKiB, TlpRule.CrossesFourKiBBoundary, "Address", header.Address, raw);
        }

        if (header.IsAtomic)
        {
            CheckAtomic(header, raw);
        }

        if (header.Kind == TlpKind.MessageWithData && MustNotCarryData(header.MessageCode))
        {
            ThrowHelper.ThrowMalformed(TlpRule.MessageMustNotCarryData, "Message Code", (ulong)header.MessageCode, raw);
        }
    }

    private static void CheckFieldWidths(in TlpHeader header, ReadOnlySpan<byte> raw)
    {
        Require(header.Tag <= TlpHeader.MaxTag, TlpRule.FieldOutOfRange, "Tag", header.Tag, raw);
        Require(header.TrafficClass <= 7, TlpRule.FieldOutOfRange, "TC", header.TrafficClass, raw);
        Require((int)header.Attributes <= 7, TlpRule.FieldOutOfRange, "Attr", (ulong)header.Attributes, raw);
        Require((int)header.AddressType <= 3, TlpRule.FieldOutOfRange, "AT", (ulong)header.AddressType, raw);
        Require(header.FirstDwByteEnables <= ByteEnables.All, TlpRule.FieldOutOfRange, "First DW BE", header.FirstDwByteEnables, raw);
        Require(header.LastDwByteEnables <= ByteEnables.All, TlpRule.FieldOutOfRange, "Last DW BE", header.LastDwByteEnables, raw);
        Require(header.ProcessingHint <= ProcessingHintMask, TlpRule.FieldOutOfRange, "PH", header.ProcessingHint, raw);
        bool lengthIsReserved = header.Kind is TlpKind.Completion or TlpKind.CompletionLocked or TlpKind.Message;
        if (lengthIsReserved)
        {
            Require(header.Length == 0, TlpRule.FieldOutOfRange, "Length", header.Length, raw);
        }
        else
        {
            Require(header.Length is >= 1 and <= 1024, TlpRule.FieldOutOfRange, "Length", header.Length, raw);
        }

        if (header.IsCompletion)
        {
            Require(header.ByteCount is >= 1 and <= FourKiB, TlpRule.CompletionFieldOutOfRange, "Byte Count", header.ByteCount, raw);
            Require(header.LowerAddress <= LowerAddressMask, TlpRule.CompletionFieldOutOfRange, "Lower Address", header.LowerAddress, raw);
            Require((int)header.Status <= 7, TlpRule.FieldOutOfRange, "Completion Status", (ulong)header.Status, raw);
        }

        if (header.IsConfigRequest)
        {
            Require((header.Address & ~(ulong)ConfigOffsetMask) == 0, TlpRule.FieldOutOfRange, "Register Number", header.Address, raw);
        }

        if (header.IsMessage)
        {
            Require((int)header.Routing <= 7, TlpRule.FieldOutOfRange, "r[2:0]", (ulong)header.Routing, raw);
        }
        else if (!header.IsCompletion)
        {
            Require((header.Address & 3) == 0, TlpRule.FieldOutOfRange, "Address[1:0]", header.Address, raw);
        }
    }

    private static void CheckHeaderSize(in TlpHeader header, ReadOnlySpan<byte> raw)
    {
        if (header.IsMessage)
        {
            Require(header.FourDwHeader, TlpRule.ReservedFormatType, "Fmt", (ulong)header.Format, raw);
        }
        else if (header.IsMemoryRequest || header.IsAtomic)
        {
            // §2.2.4.1: "For Addresses greater than or equal to 4 GB, Requesters must use the 64-bit format."
            Require(header.FourDwHeader || header.Address <= uint.MaxValue, TlpRule.ThreeDwHeaderWith64BitAddress, "Address", header.Address, raw);
        }
        else
        {
            Require(!header.FourDwHeader, TlpRule.ReservedFormatType, "Fmt", (ulong)header.Format, raw);

            // I/O requests have only the 3 DW format, so their address is 32 bits (§2.2.7).
            Require(!header.IsIoRequest || header.Address <= uint.MaxValue, TlpRule.ThreeDwHeaderWith64BitAddress, "Address", header.Address, raw);
        }
    }

    private static void CheckByteEnables(in TlpHeader header, ReadOnlySpan<byte> raw)
    {
        byte first = header.FirstDwByteEnables;
        byte last = header.LastDwByteEnables;
        if (header.Length == 1)
        {
            // §2.2.5: "If the Length field for a Request indicates a length of 1 DW, then the Last DW BE[3:0] field
            // must be 0000b." Any First DW BE pattern, including 0000b (a zero-length read), is allowed.
            Require(last == 0, TlpRule.LastByteEnablesMustBeZeroForOneDw, "Last DW BE", last, raw);
            return;
        }

        // §2.2.5: "If the Length field for a Request indicates a length of greater than 1 DW, then the First DW BE
        // [and Last DW BE] field must not equal 0000b."
        Require(first != 0, TlpRule.FirstByteEnablesMustNotBeZero, "First DW BE", first, raw);
        Require(last != 0, TlpRule.LastByteEnablesMustNotBeZero, "Last DW BE", last, raw);

        // §2.2.5: non-contiguous byte enables are permitted only for 1 DW and for QW-aligned 2 DW requests.
        bool quadwordAlignedTwoDw = header.Length == 2 && (header.Address & 0x7) == 0;
        if (!quadwordAlignedTwoDw)
        {
            Require(ByteEnables.IsContiguousToEnd(first), TlpRule.ByteEnablesMustBeContiguous, "First DW BE", first, raw);
            Require(ByteEnables.IsContiguousFromStart(last), TlpRule.ByteEnablesMustBeContiguous, "Last DW BE", last, raw);
        }
    }

    private static void CheckAtomic(in TlpHeader header, ReadOnlySpan<byte> raw)
    {
        // §2.2.7: FetchAdd and Swap carry one operand of 4 or 8 bytes; CAS carries compare and swap values,
        // each 4, 8 or 16 bytes. "The address must be naturally aligned with the operand size."
        int payload = header.Length * DwordBytes;
        int operand = header.Kind == TlpKind.CompareAndSwap ? payload / 2 : payload;
        bool validSize = header.Kind == TlpKind.CompareAndSwap
            ? payload is 8 or 16 or 32
            : payload is 4 or 8;
        Require(validSize, TlpRule.AtomicOperandSizeInvalid, "Length", header.Length, raw);
        Require((header.Address & (ulong)(operand - 1)) == 0, TlpRule.AtomicAddressMisaligned, "Address", header.Address, raw);
    }

    // INTx, PM and error signalling messages and Unlock are defined as Msg only (§2.2.8.1-§2.2.8.4).
    private static bool MustNotCarryData(MessageCode code) => code is
        MessageCode.Unlock
        or MessageCode.PmActiveStateNak or MessageCode.PmPme or MessageCode.PmeTurnOff or MessageCode.PmeTurnOffAck
        or >= MessageCode.AssertIntA and <= MessageCode.DeassertIntD
        or MessageCode.ErrorCorrectable or MessageCode.ErrorNonFatal or MessageCode.ErrorFatal;

    private static void Require(bool condition, TlpRule rule, string field, ulong value, ReadOnlySpan<byte> raw)
    {
        if (!condition)
        {
            ThrowHelper.ThrowMalformed(rule, field, value, raw);
        }
    }
}
