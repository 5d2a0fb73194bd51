using CsCheck;

namespace Cosim.Tlp.Tests.Tlp;

/// <summary>
/// CsCheck generators of valid TLPs: a header that obeys every formation rule, and a payload of its size.
/// Fields a kind does not have stay zero, as the decoder leaves them.
/// </summary>
public static class TlpGenerators
{
    private const int PageBytes = 4096;
    private const int DwordBytes = 4;

    private static readonly Gen<PcieId> s_id = Gen.UShort.Select(value => new PcieId(value));
    private static readonly Gen<ushort> s_tag = Gen.UShort[0, TlpHeader.MaxTag];
    private static readonly Gen<byte> s_trafficClass = Gen.Byte[0, 7];
    private static readonly Gen<TlpAttributes> s_attributes = Gen.Byte[0, 7].Select(value => (TlpAttributes)value);
    private static readonly Gen<AddressType> s_addressType = Gen.Byte[0, 3].Select(value => (AddressType)value);
    private static readonly Gen<byte> s_nibble = Gen.Byte[0, 0xF];
    private static readonly byte[] s_firstContiguous = [0b1111, 0b1110, 0b1100, 0b1000];
    private static readonly byte[] s_lastContiguous = [0b0001, 0b0011, 0b0111, 0b1111];

    // TD with its digest, EP, requester and tag: every kind has them.
    private static readonly Gen<TlpHeader> s_common =
        from digestPresent in Gen.Bool
        from digest in Gen.UInt
        from poisoned in Gen.Bool
        from requester in s_id
        from tag in s_tag
        select new TlpHeader
        {
            TlpDigest = digestPresent, Digest = digestPresent ? digest : 0, Poisoned = poisoned, RequesterId = requester, Tag = tag,
        };

    /// <summary>A valid TLP of any kind.</summary>
    public static Gen<(TlpHeader Header, byte[] Payload)> AnyTlp { get; } =
        Gen.Enum<TlpKind>().SelectMany(Tlp);

    /// <summary>A valid TLP of <paramref name="kind"/>: a header that passes <see cref="TlpCodec.Validate"/> and its payload.</summary>
    public static Gen<(TlpHeader Header, byte[] Payload)> Tlp(TlpKind kind) =>
        from header in Header(kind)
        from payload in Gen.Byte.Array[header.PayloadSize]
        select (header, payload);

    /// <summary>A valid header of <paramref name="kind"/>.</summary>
    public static Gen<TlpHeader> Header(TlpKind kind) => kind switch
    {
        TlpKind.MemoryRead or TlpKind.MemoryReadLocked or TlpKind.MemoryWrite => MemoryRequest(kind),
        TlpKind.IoRead or TlpKind.IoWrite => IoRequest(kind),
        TlpKind.ConfigRead0 or TlpKind.ConfigWrite0 or TlpKind.ConfigRead1 or TlpKind.ConfigWrite1 => ConfigRequest(kind),
        TlpKind.Completion or TlpKind.CompletionWithData or TlpKind.CompletionLocked or TlpKind.CompletionLockedWithData => Completion(kind),
        TlpKind.Message or TlpKind.MessageWithData => Message(kind),
        TlpKind.FetchAdd or TlpKind.Swap or TlpKind.CompareAndSwap => AtomicOp(kind),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No generator for this kind."),
    };

    // 4 DW iff the address needs 64 bits, or randomly for an address below 4 GiB (receivers accept both).
    private static Gen<(ulong Address, bool FourDw)> DwordAddress =>
        from above4GiB in Gen.Bool
        from high in Gen.UInt[1, uint.MaxValue]
        from low in Gen.UInt
        from fourDwAnyway in Gen.Bool
        select (((above4GiB ? (ulong)high << 32 : 0) | low) & ~3UL, above4GiB || fourDwAnyway);

    // Memory requests: Length never crosses the 4 KiB page of the address; byte enables follow §2.2.5.
    private static Gen<TlpHeader> MemoryRequest(TlpKind kind) =>
        from common in s_common
        from address in DwordAddress
        from lengthSeed in Gen.Int[0, 1023]
        from first in s_nibble
        from firstIndex in Gen.Int[0, 3]
        from lastIndex in Gen.Int[0, 3]
        from anyFirst in Gen.Byte[1, 0xF]
        from anyLast in Gen.Byte[1, 0xF]
        from trafficClass in s_trafficClass
        from attributes in s_attributes
        from addressType in s_addressType
        from hints in Gen.Bool
        from hint in Gen.Byte[0, 3]
        from lightweight in Gen.Bool
        let dwordsToPageEnd = (PageBytes - (int)(address.Address & (PageBytes - 1))) / DwordBytes
        let length = (ushort)(1 + (lengthSeed % dwordsToPageEnd))
        let anyPattern = length == 2 && (address.Address & 7) == 0
        select common with
        {
            Kind = kind, FourDwHeader = address.FourDw, Address = address.Address, Length = length,
            FirstDwByteEnables = length == 1 ? first : anyPattern ? anyFirst : s_firstContiguous[firstIndex],
            LastDwByteEnables = length == 1 ? (byte)0 : anyPattern ? anyLast : s_lastContiguous[lastIndex],
            TrafficClass = trafficClass, Attributes = attributes, AddressType = addressType,
            ProcessingHintsPresent = hints, ProcessingHint = hints ? hint : (byte)0, LightweightNotification = lightweight,
        };

    // I/O: 3 DW, Length 1, Last BE 0, TC/Attr/AT 0 (§2.2.7).
    private static Gen<TlpHeader> IoRequest(TlpKind kind) =>
        from common in s_common
        from address in Gen.UInt
        from first in s_nibble
        select common with { Kind = kind, Length = 1, FirstDwByteEnables = first, Address = address & ~3u };

    // Configuration: as I/O, plus the destination ID and a DW-aligned register offset 0-0xffc.
    private static Gen<TlpHeader> ConfigRequest(TlpKind kind) =>
        from common in s_common
        from destination in s_id
        from register in Gen.Int[0, 1023]
        from first in s_nibble
        select common with
        {
            Kind = kind, Length = 1, FirstDwByteEnables = first, DestinationId = destination, Address = (ulong)(register * DwordBytes),
        };

    // Completions: 3 DW; Length reserved (0) without data; Byte Count 1-4096, Lower Address 7 bits, any status
    // including the reserved ones (the codec carries them).
    private static Gen<TlpHeader> Completion(TlpKind kind) =>
        from common in s_common
        from completer in s_id
        from status in Gen.Byte[0, 7]
        from byteCountModified in Gen.Bool
        from byteCount in Gen.UShort[1, PageBytes]
        from lowerAddress in Gen.Byte[0, 0x7F]
        from length in Gen.UShort[1, 1024]
        from trafficClass in s_trafficClass
        from attributes in s_attributes
        select common with
        {
            Kind = kind,
            Length = kind is TlpKind.CompletionWithData or TlpKind.CompletionLockedWithData ? length : (ushort)0,
            CompleterId = completer, Status = (CompletionStatus)status, ByteCountModified = byteCountModified,
            ByteCount = byteCount, LowerAddress = lowerAddress, TrafficClass = trafficClass, Attributes = attributes,
        };

    // Messages: 4 DW, any routing; MsgD only with codes that may carry data; bytes 8-15 anything.
    private static Gen<TlpHeader> Message(TlpKind kind)
    {
        MessageCode[] withoutData = Enum.GetValues<MessageCode>();
        MessageCode[] withData =
        [
            MessageCode.SetSlotPowerLimit, MessageCode.VendorDefinedType0, MessageCode.VendorDefinedType1,
            MessageCode.LatencyToleranceReporting, MessageCode.OptimizedBufferFlushFill,
        ];
        MessageCode[] codes = kind == TlpKind.MessageWithData ? withData : withoutData;
        return from common in s_common
               from code in Gen.Int[0, codes.Length - 1]
               from routing in Gen.Byte[0, 7]
               from bytes8To15 in Gen.ULong
               from length in Gen.UShort[1, 1024]
               from trafficClass in s_trafficClass
               from attributes in s_attributes
               select common with
               {
                   Kind = kind, FourDwHeader = true, MessageCode = codes[code], Routing = (MessageRouting)routing, Address = bytes8To15,
                   Length = kind == TlpKind.MessageWithData ? length : (ushort)0, TrafficClass = trafficClass, Attributes = attributes,
               };
    }

    // AtomicOps: FetchAdd/Swap operand 4 or 8 bytes, CAS operands 4, 8 or 16 bytes (payload twice that); the address
    // naturally aligned to the operand size; BE fields reserved (0).
    private static Gen<TlpHeader> AtomicOp(TlpKind kind) =>
        from common in s_common
        from address in DwordAddress
        from sizeIndex in Gen.Int[0, kind == TlpKind.CompareAndSwap ? 2 : 1]
        from trafficClass in s_trafficClass
        from attributes in s_attributes
        from hints in Gen.Bool
        from hint in Gen.Byte[0, 3]
        let operandBytes = DwordBytes << sizeIndex
        let payloadBytes = kind == TlpKind.CompareAndSwap ? 2 * operandBytes : operandBytes
        select common with
        {
            Kind = kind, FourDwHeader = address.FourDw, Address = address.Address & ~(ulong)(operandBytes - 1),
            Length = (ushort)(payloadBytes / DwordBytes), TrafficClass = trafficClass, Attributes = attributes,
            ProcessingHintsPresent = hints, ProcessingHint = hints ? hint : (byte)0,
        };
}
