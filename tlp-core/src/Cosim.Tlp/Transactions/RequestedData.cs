namespace Cosim.Tlp.Transactions;

/// <summary>
/// What the completions of one non-posted request must carry, derived once from its header: the address of the first
/// byte, the Byte Count of the first (or only) completion and how many data bytes the Requester gets back.
/// </summary>
/// <remarks>
/// PCIe Base 6.0 §2.2.9: "For Memory Read Completions, Byte Count[11:0] is set according to the rules in §2.3.1.1.
/// For AtomicOp Completions, the Byte Count value must equal the associated AtomicOp operand size in bytes. For all
/// other types of Completions, the Byte Count value must be 4." The memory-read Byte Count is Table 2-37 (see
/// <see cref="ByteEnables.RequestedByteCount"/>); the first byte is the DW address plus Table 2-38's Lower
/// Address[1:0] (<see cref="ByteEnables.FirstEnabledByteOffset"/>). Data bytes run from the first to the last enabled
/// byte, in address order; a zero-length read (Length 1, First DW BE 0000b) has Byte Count 1 and no data bytes.
/// </remarks>
internal readonly record struct RequestedData(
    RequestShape Shape,
    ulong FirstByteAddress,
    int ByteCount,
    int DataBytes,
    int PayloadOffset)
{
    private const int DwordBytes = 4;
    private const ulong DwordMask = DwordBytes - 1;
    private const int CompareAndSwapOperands = 2;

    /// <summary>Byte Count of every completion that is not a memory read or AtomicOp completion (§2.2.9).</summary>
    public const int SingleDwordByteCount = 4;

    /// <summary>DW count of the data a single-completion request gets back (IORd/CfgRd: 1; AtomicOp: operand size / 4).</summary>
    public int SingleCompletionLength => Shape switch
    {
        RequestShape.SingleDwordRead => 1,
        RequestShape.AtomicOp => DataBytes / DwordBytes,
        _ => 0,
    };

    /// <summary>Describes <paramref name="request"/>; throws <see cref="ArgumentException"/> for posted requests and malformed byte enables.</summary>
    public static RequestedData From(in TlpHeader request)
    {
        switch (request.Kind)
        {
            case TlpKind.MemoryRead or TlpKind.MemoryReadLocked:
                return ForMemoryRead(request);

            case TlpKind.IoRead or TlpKind.ConfigRead0 or TlpKind.ConfigRead1:
                RequireOneDword(request);
                int enabled = (request.FirstDwByteEnables & ByteEnables.All) == 0
                    ? 0
                    : ByteEnables.RequestedByteCount(1, request.FirstDwByteEnables, 0);
                int offset = ByteEnables.FirstEnabledByteOffset(request.FirstDwByteEnables);
                return new RequestedData(RequestShape.SingleDwordRead, (request.Address & ~DwordMask) + (ulong)offset, SingleDwordByteCount, enabled, offset);

            case TlpKind.IoWrite or TlpKind.ConfigWrite0 or TlpKind.ConfigWrite1:
                RequireOneDword(request);
                return new RequestedData(RequestShape.SingleDwordWrite, request.Address & ~DwordMask, SingleDwordByteCount, 0, 0);

            case TlpKind.FetchAdd or TlpKind.Swap or TlpKind.CompareAndSwap:
                // §2.2.7: a CAS payload holds the compare and swap operands, so its operand is half the payload.
                int operandBytes = request.Kind == TlpKind.CompareAndSwap ? request.Length * DwordBytes / CompareAndSwapOperands : request.Length * DwordBytes;
                return new RequestedData(RequestShape.AtomicOp, request.Address, operandBytes, operandBytes, 0);

            default:
                throw new ArgumentException($"{request.Kind} is not a non-posted request that a completion answers.", nameof(request));
        }
    }

    private static RequestedData ForMemoryRead(in TlpHeader request)
    {
        if (request.Length is < 1 or > TlpHeader.MaxPayloadBytes / DwordBytes)
        {
            throw new ArgumentException($"Length {request.Length} DW is outside 1-1024.", nameof(request));
        }

        bool firstIsZero = (request.FirstDwByteEnables & ByteEnables.All) == 0;
        bool lastIsZero = (request.LastDwByteEnables & ByteEnables.All) == 0;
        if (request.Length == 1 ? !lastIsZero : firstIsZero || lastIsZero)
        {
            throw new ArgumentException(
                "Malformed byte enables (§2.2.5: a 1 DW request has Last DW BE 0000b; a longer one has neither BE 0000b). Validate the request first.",
                nameof(request));
        }

        int byteCount = ByteEnables.RequestedByteCount(request.Length, request.FirstDwByteEnables, request.LastDwByteEnables);
        ulong firstByte = (request.Address & ~DwordMask) + (ulong)ByteEnables.FirstEnabledByteOffset(request.FirstDwByteEnables);
        bool zeroLength = request.Length == 1 && firstIsZero;
        return new RequestedData(RequestShape.MemoryRead, firstByte, byteCount, zeroLength ? 0 : byteCount, (int)(firstByte & DwordMask));
    }

    private static void RequireOneDword(in TlpHeader request)
    {
        if (request.Length != 1)
        {
            throw new ArgumentException($"An I/O or configuration request has Length 1 DW, not {request.Length}.", nameof(request));
        }
    }
}
