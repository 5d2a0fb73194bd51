using System.Buffers.Binary;

namespace Cosim.Tlp;

public static partial class TlpCodec
{
    /// <summary>
    /// Reads one TLP from the front of <paramref name="input"/>, which may hold more bytes after it.
    /// Returns <c>false</c> ("need more bytes", nothing consumed) when the input ends before the TLP does;
    /// throws <see cref="TlpFormatException"/> for a malformed TLP. The payload is
    /// <c>input.Slice(header.HeaderSize, header.PayloadSize)</c>.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> input, out TlpHeader header, out int consumed)
    {
        header = default;
        consumed = 0;
        if (input.Length < DwordBytes)
        {
            return false;
        }

        int total = TotalSizeFromFirstDword(input);
        if (input.Length < total)
        {
            return false;
        }

        header = ReadHeader(input[..total]);
        Validate(header, input[..header.HeaderSize]);
        consumed = total;
        return true;
    }

    /// <summary>
    /// Decodes exactly one TLP that fills <paramref name="tlp"/> (a framed TLP). A short input is
    /// <see cref="TlpRule.Truncated"/>, a long one <see cref="TlpRule.TrailingBytes"/>.
    /// </summary>
    public static TlpHeader Decode(ReadOnlySpan<byte> tlp, out ReadOnlySpan<byte> payload)
    {
        if (tlp.Length < DwordBytes)
        {
            ThrowHelper.ThrowMalformed(TlpRule.Truncated, "DW0", (ulong)tlp.Length, tlp);
        }

        int total = TotalSizeFromFirstDword(tlp);
        if (tlp.Length < total)
        {
            ThrowHelper.ThrowMalformed(TlpRule.Truncated, "Length", (ulong)tlp.Length, tlp);
        }

        if (tlp.Length > total)
        {
            ThrowHelper.ThrowMalformed(TlpRule.TrailingBytes, "Length", (ulong)tlp.Length, tlp);
        }

        TlpHeader header = ReadHeader(tlp);
        Validate(header, tlp[..header.HeaderSize]);
        payload = tlp.Slice(header.HeaderSize, header.PayloadSize);
        return header;
    }

    /// <summary>
    /// The encoded size of the TLP whose first DW starts <paramref name="firstDword"/> (at least 4 bytes):
    /// header, payload and digest. Throws for a reserved Fmt/Type, and <see cref="TlpRule.Truncated"/> for fewer
    /// than 4 bytes.
    /// </summary>
    public static int TotalSizeFromFirstDword(ReadOnlySpan<byte> firstDword)
    {
        if (firstDword.Length < DwordBytes)
        {
            ThrowHelper.ThrowMalformed(TlpRule.Truncated, "DW0", (ulong)firstDword.Length, firstDword);
        }

        byte b0 = firstDword[0];
        Classify(b0, firstDword, out _, out _);
        int format = b0 >> FmtShift;
        int headerSize = (format & 0b001) != 0 ? 16 : 12;
        int length = ((firstDword[2] << 8) | firstDword[3]) & LengthMask;
        int payload = (format & 0b010) != 0 ? (length == 0 ? 1024 : length) * DwordBytes : 0;
        int digest = (firstDword[2] & Byte2TlpDigest) != 0 ? TlpHeader.DigestBytes : 0;
        return headerSize + payload + digest;
    }

    // Precondition: tlp holds the whole TLP (TotalSizeFromFirstDword bytes).
    private static TlpHeader ReadHeader(ReadOnlySpan<byte> tlp)
    {
        byte b0 = tlp[0];
        byte b1 = tlp[1];
        byte b2 = tlp[2];
        Classify(b0, tlp, out TlpKind kind, out MessageRouting routing);
        bool fourDw = ((b0 >> FmtShift) & 0b001) != 0;
        int lengthField = ((b2 << 8) | tlp[3]) & LengthMask;
        int tag = tlp[6]
            | ((b1 & Byte1Tag8) != 0 ? Tag8Bit : 0)
            | ((b1 & Byte1Tag9) != 0 ? Tag9Bit : 0);
        var attributes = (TlpAttributes)(
            ((b1 & Byte1IdBasedOrdering) != 0 ? (int)TlpAttributes.IdBasedOrdering : 0)
            | ((b2 & Byte2RelaxedOrdering) != 0 ? (int)TlpAttributes.RelaxedOrdering : 0)
            | ((b2 & Byte2NoSnoop) != 0 ? (int)TlpAttributes.NoSnoop : 0));
        bool digest = (b2 & Byte2TlpDigest) != 0;

        var header = new TlpHeader
        {
            Kind = kind,
            FourDwHeader = fourDw,
            TrafficClass = (byte)((b1 >> Byte1TrafficClassShift) & 0x7),
            Attributes = attributes,
            AddressType = (AddressType)((b2 >> Byte2AddressTypeShift) & 0b11),
            TlpDigest = digest,
            Poisoned = (b2 & Byte2Poisoned) != 0,
            ProcessingHintsPresent = (b1 & Byte1ProcessingHints) != 0,
            LightweightNotification = (b1 & Byte1LightweightNotification) != 0,
            Tag = (ushort)tag,
        };

        bool lengthIsReserved = kind is TlpKind.Completion or TlpKind.CompletionLocked or TlpKind.Message;
        if (!lengthIsReserved)
        {
            header = header with { Length = (ushort)(lengthField == 0 ? 1024 : lengthField) };
        }

        if (digest)
        {
            int digestOffset = tlp.Length - TlpHeader.DigestBytes;
            header = header with { Digest = BinaryPrimitives.ReadUInt32BigEndian(tlp[digestOffset..]) };
        }

        if (header.IsCompletion)
        {
            // DW1: Completer ID | Status, BCM, Byte Count[11:8] | Byte Count[7:0]
            // DW2: Requester ID | Tag[7:0] | R, Lower Address[6:0]
            int byteCount = ((tlp[6] << 8) | tlp[7]) & ByteCountMask;
            return header with
            {
                CompleterId = new PcieId(BinaryPrimitives.ReadUInt16BigEndian(tlp[4..])),
                Status = (CompletionStatus)(tlp[6] >> CompletionStatusShift),
                ByteCountModified = (tlp[6] & ByteCountModifiedBit) != 0,
                ByteCount = (ushort)(byteCount == 0 ? FourKiB : byteCount),
                RequesterId = new PcieId(BinaryPrimitives.ReadUInt16BigEndian(tlp[8..])),
                Tag = (ushort)((tag & ~TagLowMask) | tlp[10]),
                LowerAddress = (byte)(tlp[11] & LowerAddressMask),
            };
        }

        // Requests: DW1 is Requester ID | Tag[7:0] | Last DW BE, First DW BE (or Message Code).
        header = header with { RequesterId = new PcieId(BinaryPrimitives.ReadUInt16BigEndian(tlp[4..])) };
        if (header.IsMessage)
        {
            return header with
            {
                Routing = routing,
                MessageCode = (MessageCode)tlp[7],
                Address = BinaryPrimitives.ReadUInt64BigEndian(tlp[8..]),
            };
        }

        header = header with
        {
            FirstDwByteEnables = (byte)(tlp[7] & 0x0F),
            LastDwByteEnables = (byte)(tlp[7] >> 4),
        };

        if (header.IsConfigRequest)
        {
            // DW2: Bus Number | Device Number, Function Number | Ext Register Number | Register Number, R
            return header with
            {
                DestinationId = new PcieId(BinaryPrimitives.ReadUInt16BigEndian(tlp[8..])),
                Address = (ulong)(((tlp[10] & ExtendedRegisterMask) << 8) | (tlp[11] & RegisterNumberMask)),
            };
        }

        // Memory, I/O and AtomicOp: Address[31:2] | PH in 3 DW; Address[63:32], Address[31:2] | PH in 4 DW.
        uint lowDw = BinaryPrimitives.ReadUInt32BigEndian(tlp[(fourDw ? 12 : 8)..]);
        ulong high = fourDw ? BinaryPrimitives.ReadUInt32BigEndian(tlp[8..]) : 0;
        return header with
        {
            Address = (high << 32) | (lowDw & ~3u),
            ProcessingHint = (byte)(lowDw & ProcessingHintMask),
        };
    }

    // Fmt/Type → kind (§2.2.1, Table 2-3). Everything not listed is reserved and therefore malformed.
    private static void Classify(byte b0, ReadOnlySpan<byte> header, out TlpKind kind, out MessageRouting routing)
    {
        int format = b0 >> FmtShift;
        byte type = (byte)(b0 & TypeMask);
        routing = default;
        if (format == (int)TlpFormat.TlpPrefix)
        {
            ThrowHelper.ThrowMalformed(TlpRule.TlpPrefixNotSupported, "Fmt", (ulong)format, header[..Math.Min(header.Length, 4)]);
        }

        bool data = (format & 0b010) != 0;
        bool fourDw = (format & 0b001) != 0;
        TlpKind? found = format > (int)TlpFormat.FourDwWithData ? null : type switch
        {
            TypeMemory => data ? TlpKind.MemoryWrite : TlpKind.MemoryRead,
            TypeMemoryLocked when !data => TlpKind.MemoryReadLocked,
            TypeIo when !fourDw => data ? TlpKind.IoWrite : TlpKind.IoRead,
            TypeConfig0 when !fourDw => data ? TlpKind.ConfigWrite0 : TlpKind.ConfigRead0,
            TypeConfig1 when !fourDw => data ? TlpKind.ConfigWrite1 : TlpKind.ConfigRead1,
            TypeCompletion when !fourDw => data ? TlpKind.CompletionWithData : TlpKind.Completion,
            TypeCompletionLocked when !fourDw => data ? TlpKind.CompletionLockedWithData : TlpKind.CompletionLocked,
            TypeFetchAdd when data => TlpKind.FetchAdd,
            TypeSwap when data => TlpKind.Swap,
            TypeCompareAndSwap when data => TlpKind.CompareAndSwap,
            _ when (type & TypeMessageMask) == TypeMessageBase && fourDw => data ? TlpKind.MessageWithData : TlpKind.Message,
            _ => null,
        };

        if (found is null)
        {
            ThrowHelper.ThrowMalformed(TlpRule.ReservedFormatType, "Fmt/Type", b0, header[..Math.Min(header.Length, 4)]);
        }

        kind = found.Value;
        if (kind is TlpKind.Message or TlpKind.MessageWithData)
        {
            routing = (MessageRouting)(type & MessageRoutingMask);
        }
    }
}
