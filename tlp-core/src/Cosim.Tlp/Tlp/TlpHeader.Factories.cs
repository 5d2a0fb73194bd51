namespace Cosim.Tlp;

/// <summary>Protocol-correct constructors: each fills exactly the fields its TLP kind has.</summary>
public readonly partial record struct TlpHeader
{
    private const ulong FourGiB = 1UL << 32;

    /// <summary>MRd for <paramref name="byteCount"/> bytes at <paramref name="address"/>; 4 DW when the address needs it.</summary>
    public static TlpHeader MemoryRead(PcieId requester, ushort tag, ulong address, int byteCount) =>
        MemoryRequest(TlpKind.MemoryRead, requester, tag, address, byteCount);

    /// <summary>MWr of <paramref name="byteCount"/> bytes at <paramref name="address"/>; the payload is DW-aligned (see <see cref="ByteEnables"/>).</summary>
    public static TlpHeader MemoryWrite(PcieId requester, ushort tag, ulong address, int byteCount) =>
        MemoryRequest(TlpKind.MemoryWrite, requester, tag, address, byteCount);

    /// <summary>IORd of 1-4 bytes at <paramref name="address"/> (within one DW).</summary>
    public static TlpHeader IoRead(PcieId requester, ushort tag, uint address, int byteCount) =>
        SingleDwRequest(TlpKind.IoRead, requester, tag, address, byteCount);

    /// <summary>IOWr of 1-4 bytes at <paramref name="address"/> (within one DW).</summary>
    public static TlpHeader IoWrite(PcieId requester, ushort tag, uint address, int byteCount) =>
        SingleDwRequest(TlpKind.IoWrite, requester, tag, address, byteCount);

    /// <summary>CfgRd0 of 1-4 bytes at configuration offset <paramref name="offset"/> (0-4095, within one DW).</summary>
    public static TlpHeader ConfigRead(PcieId requester, ushort tag, PcieId destination, int offset, int byteCount) =>
        SingleDwRequest(TlpKind.ConfigRead0, requester, tag, (ulong)offset, byteCount) with { DestinationId = destination };

    /// <summary>CfgWr0 of 1-4 bytes at configuration offset <paramref name="offset"/> (0-4095, within one DW).</summary>
    public static TlpHeader ConfigWrite(PcieId requester, ushort tag, PcieId destination, int offset, int byteCount) =>
        SingleDwRequest(TlpKind.ConfigWrite0, requester, tag, (ulong)offset, byteCount) with { DestinationId = destination };

    /// <summary>
    /// A completion for <paramref name="request"/>: copies Requester ID, Tag, TC and Attr (§2.2.9: "Completion
    /// headers must ... the same TC, Attr and Tag as the Request"). <paramref name="dataDwords"/> is the DW count of the
    /// payload of this completion (0 for Cpl), <paramref name="byteCount"/> the bytes that remain including these,
    /// <paramref name="lowerAddress"/> the low 7 address bits of the first byte returned.
    /// </summary>
    public static TlpHeader CompletionFor(
        in TlpHeader request,
        PcieId completer,
        CompletionStatus status,
        int dataDwords,
        int byteCount,
        byte lowerAddress)
    {
        bool locked = request.Kind == TlpKind.MemoryReadLocked;
        TlpKind kind = dataDwords > 0
            ? (locked ? TlpKind.CompletionLockedWithData : TlpKind.CompletionWithData)
            : (locked ? TlpKind.CompletionLocked : TlpKind.Completion);
        return new TlpHeader
        {
            Kind = kind,
            TrafficClass = request.TrafficClass,
            Attributes = request.Attributes,
            Length = (ushort)dataDwords,
            RequesterId = request.RequesterId,
            Tag = request.Tag,
            CompleterId = completer,
            Status = status,
            ByteCount = (ushort)byteCount,
            LowerAddress = (byte)(lowerAddress & 0x7F),
        };
    }

    /// <summary>
    /// The one completion of a non-posted request that is answered without data: UR, CA or CRS, or SC for a
    /// write (IOWr, CfgWr). Byte Count and Lower Address follow §2.2.9: memory reads report the request's remaining
    /// bytes and the address of its first enabled byte, AtomicOps their operand size, I/O and configuration requests
    /// Byte Count 4 and Lower Address 0.
    /// </summary>
    public static TlpHeader CompletionWithoutDataFor(in TlpHeader request, PcieId completer, CompletionStatus status)
    {
        int byteCount = ByteEnables.RequestedByteCount(request.Length, request.FirstDwByteEnables, request.LastDwByteEnables);
        byte lowerAddress = request.IsMemoryRequest
            ? (byte)((int)(request.Address & 0x7C) | ByteEnables.FirstEnabledByteOffset(request.FirstDwByteEnables))
            : (byte)0;

        // §2.2.9: "For AtomicOp Completions, the Byte Count value must equal the associated AtomicOp operand size
        // in bytes. For all other types of Completions, Byte Count field must be 4", and Lower Address is 0.
        if (request.IsAtomic)
        {
            int payloadBytes = request.Length * 4;
            byteCount = request.Kind == TlpKind.CompareAndSwap ? payloadBytes / 2 : payloadBytes;
        }
        else if (!request.IsMemoryRequest)
        {
            byteCount = 4;
        }

        return CompletionFor(request, completer, status, dataDwords: 0, byteCount, lowerAddress);
    }

    /// <summary>The Unsupported Request completion for <paramref name="request"/>.</summary>
    public static TlpHeader UnsupportedRequestFor(in TlpHeader request, PcieId completer) =>
        CompletionWithoutDataFor(request, completer, CompletionStatus.UnsupportedRequest);

    /// <summary>The Completer Abort completion for <paramref name="request"/>.</summary>
    public static TlpHeader CompleterAbortFor(in TlpHeader request, PcieId completer) =>
        CompletionWithoutDataFor(request, completer, CompletionStatus.CompleterAbort);

    /// <summary>A Msg without data (4 DW header). <paramref name="messageBytes8To15"/> fills bytes 8-15.</summary>
    public static TlpHeader Message(PcieId requester, MessageCode code, MessageRouting routing, ulong messageBytes8To15 = 0) =>
        new()
        {
            Kind = TlpKind.Message,
            FourDwHeader = true,
            RequesterId = requester,
            MessageCode = code,
            Routing = routing,
            Address = messageBytes8To15,
        };

    /// <summary>Assert_INTx or Deassert_INTx for <paramref name="pin"/> (Local routing, §2.2.8.1).</summary>
    public static TlpHeader InterruptMessage(PcieId requester, InterruptPin pin, bool assert)
    {
        if (pin is < InterruptPin.IntA or > InterruptPin.IntD)
        {
            throw new ArgumentOutOfRangeException(nameof(pin), pin, "INTx messages exist for INTA..INTD only.");
        }

        var code = (MessageCode)((assert ? (int)MessageCode.AssertIntA : (int)MessageCode.DeassertIntA) + (int)pin - 1);
        return Message(requester, code, MessageRouting.Local);
    }

    private static TlpHeader MemoryRequest(TlpKind kind, PcieId requester, ushort tag, ulong address, int byteCount)
    {
        ByteEnables.ForRange(address, byteCount, out ushort length, out byte first, out byte last);
        return new TlpHeader
        {
            Kind = kind,
            FourDwHeader = address >= FourGiB,
            Length = length,
            RequesterId = requester,
            Tag = tag,
            FirstDwByteEnables = first,
            LastDwByteEnables = last,
            Address = address & ~3UL,
        };
    }

    private static TlpHeader SingleDwRequest(TlpKind kind, PcieId requester, ushort tag, ulong address, int byteCount)
    {
        if (byteCount is < 1 or > 4 || (int)(address & 3) + byteCount > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(byteCount), byteCount, "An I/O or configuration request moves 1-4 bytes within one DW.");
        }

        ByteEnables.ForRange(address, byteCount, out ushort length, out byte first, out byte last);
        return new TlpHeader
        {
            Kind = kind,
            Length = length,
            RequesterId = requester,
            Tag = tag,
            FirstDwByteEnables = first,
            LastDwByteEnables = last,
            Address = address & ~3UL,
        };
    }
}
