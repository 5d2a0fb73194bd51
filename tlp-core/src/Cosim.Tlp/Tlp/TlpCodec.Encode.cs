using System.Buffers.Binary;

namespace Cosim.Tlp;

public static partial class TlpCodec
{
    /// <summary>
    /// Writes <paramref name="header"/>, <paramref name="payload"/> and (when TD is set) the digest to
    /// <paramref name="destination"/>; returns the bytes written (<see cref="TlpHeader.TotalSize"/>).
    /// The payload must be exactly <see cref="TlpHeader.PayloadSize"/> bytes. Malformed headers are refused
    /// with <see cref="TlpFormatException"/>: Cosim never puts a malformed TLP on a link by accident.
    /// </summary>
    public static int Encode(in TlpHeader header, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        Validate(header, []);
        int payloadSize = header.PayloadSize;
        if (payload.Length != payloadSize)
        {
            ThrowHelper.ThrowMalformed(TlpRule.PayloadLengthMismatch, "Length", (ulong)payload.Length);
        }

        int total = header.TotalSize;
        if (destination.Length < total)
        {
            ThrowHelper.ThrowMalformed(TlpRule.DestinationTooSmall, "destination", (ulong)destination.Length);
        }

        int headerSize = WriteHeader(header, destination);
        payload.CopyTo(destination[headerSize..]);
        if (header.TlpDigest)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(headerSize + payloadSize)..], header.Digest);
        }

        return total;
    }

    /// <summary>Writes only the header (after validating it); returns 12 or 16.</summary>
    public static int EncodeHeader(in TlpHeader header, Span<byte> destination)
    {
        Validate(header, []);
        if (destination.Length < header.HeaderSize)
        {
            ThrowHelper.ThrowMalformed(TlpRule.DestinationTooSmall, "destination", (ulong)destination.Length);
        }

        return WriteHeader(header, destination);
    }

    private static int WriteHeader(in TlpHeader header, Span<byte> destination)
    {
        int headerSize = header.HeaderSize;
        Span<byte> h = destination[..headerSize];
        int tag = header.Tag;
        int attributes = (int)header.Attributes;
        int length = header.Length & LengthMask;

        h[0] = (byte)(((int)header.Format << FmtShift) | TypeOf(header));
        h[1] = (byte)(((tag & Tag9Bit) != 0 ? Byte1Tag9 : 0)
            | (header.TrafficClass << Byte1TrafficClassShift)
            | ((tag & Tag8Bit) != 0 ? Byte1Tag8 : 0)
            | ((attributes & (int)TlpAttributes.IdBasedOrdering) != 0 ? Byte1IdBasedOrdering : 0)
            | (header.LightweightNotification ? Byte1LightweightNotification : 0)
            | (header.ProcessingHintsPresent ? Byte1ProcessingHints : 0));
        h[2] = (byte)((header.TlpDigest ? Byte2TlpDigest : 0)
            | (header.Poisoned ? Byte2Poisoned : 0)
            | ((attributes & (int)TlpAttributes.RelaxedOrdering) != 0 ? Byte2RelaxedOrdering : 0)
            | ((attributes & (int)TlpAttributes.NoSnoop) != 0 ? Byte2NoSnoop : 0)
            | ((int)header.AddressType << Byte2AddressTypeShift)
            | (length >> 8));
        h[3] = (byte)length;

        if (header.IsCompletion)
        {
            int byteCount = header.ByteCount & ByteCountMask;
            BinaryPrimitives.WriteUInt16BigEndian(h[4..], header.CompleterId.Value);
            h[6] = (byte)(((int)header.Status << CompletionStatusShift)
                | (header.ByteCountModified ? ByteCountModifiedBit : 0)
                | (byteCount >> 8));
            h[7] = (byte)byteCount;
            BinaryPrimitives.WriteUInt16BigEndian(h[8..], header.RequesterId.Value);
            h[10] = (byte)tag;
            h[11] = (byte)(header.LowerAddress & LowerAddressMask);
            return headerSize;
        }

        BinaryPrimitives.WriteUInt16BigEndian(h[4..], header.RequesterId.Value);
        h[6] = (byte)tag;
        if (header.IsMessage)
        {
            h[7] = (byte)header.MessageCode;
            BinaryPrimitives.WriteUInt64BigEndian(h[8..], header.Address);
            return headerSize;
        }

        h[7] = (byte)((header.LastDwByteEnables << 4) | header.FirstDwByteEnables);
        if (header.IsConfigRequest)
        {
            BinaryPrimitives.WriteUInt16BigEndian(h[8..], header.DestinationId.Value);
            h[10] = (byte)((header.Address >> 8) & ExtendedRegisterMask);
            h[11] = (byte)(header.Address & RegisterNumberMask);
            return headerSize;
        }

        uint lowDw = (uint)header.Address | header.ProcessingHint;
        if (header.FourDwHeader)
        {
            BinaryPrimitives.WriteUInt32BigEndian(h[8..], (uint)(header.Address >> 32));
            BinaryPrimitives.WriteUInt32BigEndian(h[12..], lowDw);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(h[8..], lowDw);
        }

        return headerSize;
    }

    private static byte TypeOf(in TlpHeader header) => header.Kind switch
    {
        TlpKind.MemoryRead or TlpKind.MemoryWrite => TypeMemory,
        TlpKind.MemoryReadLocked => TypeMemoryLocked,
        TlpKind.IoRead or TlpKind.IoWrite => TypeIo,
        TlpKind.ConfigRead0 or TlpKind.ConfigWrite0 => TypeConfig0,
        TlpKind.ConfigRead1 or TlpKind.ConfigWrite1 => TypeConfig1,
        TlpKind.Completion or TlpKind.CompletionWithData => TypeCompletion,
        TlpKind.CompletionLocked or TlpKind.CompletionLockedWithData => TypeCompletionLocked,
        TlpKind.FetchAdd => TypeFetchAdd,
        TlpKind.Swap => TypeSwap,
        TlpKind.CompareAndSwap => TypeCompareAndSwap,
        TlpKind.Message or TlpKind.MessageWithData => (byte)(TypeMessageBase | ((byte)header.Routing & MessageRoutingMask)),
        _ => throw new TlpFormatException(TlpRule.ReservedFormatType, "Kind", (ulong)header.Kind, []),
    };
}
