using System.Runtime.CompilerServices;

namespace Cosim.Tlp.Transactions;

/// <summary>
/// Enumerates the completions a Completer returns for one read request (MRd, MRdLk, IORd, CfgRd0/1), following
/// PCIe Base 6.0 §2.3.1.1 "Data Return for Read Requests". A value type with no heap state: keep it in a field to
/// send completions over time, or use <see cref="WriteCompletions"/> to send them all at once.
/// </summary>
/// <remarks>
/// <para>Memory reads (§2.3.1.1):</para>
/// <list type="bullet">
/// <item>"The first Completion must start with the address specified in the Request, and if successful must end at
/// ... the address that satisfies the entire Request [or] an address boundary between the start and end of the
/// Request at an integer multiple of RCB bytes."</item>
/// <item>"All Completions between, but not including, the first and final Completions must be an integer multiple of
/// RCB bytes in length."</item>
/// <item>"Completions must not include more data than permitted by the Transmitting Function's Tx_MPS_Limit."</item>
/// <item>"The Byte Count value for each successive Completion is the value indicated by the preceding Completion minus
/// the number of bytes returned with the preceding Completion."</item>
/// <item>"The Lower Address field must indicate the lower bits of the byte address for the first enabled byte of data
/// returned with the Completion."</item>
/// </list>
/// <para>
/// Example: MRd at 10020h for 100h bytes, RCB 128, MPS 128 gives 96 + 128 + 32 bytes (the spec's "96, 128, 32"):
/// </para>
/// <code>
///  10000h    10020h        10080h                    10100h    10120h
///    |---------[=== CplD 1 ===|======== CplD 2 ========|= CplD 3 =]
///              BC 256, LA 20h   BC 160, LA 00h            BC 32, LA 00h
///              Length 24 DW     Length 32 DW              Length 8 DW
/// </code>
/// <para>
/// I/O and configuration reads: "I/O and Configuration Reads must be completed with exactly one Completion", of 1 DW,
/// with Byte Count 4 and Lower Address 0 (§2.2.9: "For all other types of Completions, the Byte Count value must be
/// 4"; Lower Address "is set to all 0's for all remaining types of Completions").
/// </para>
/// <para>
/// The data the Completer returns is "the requested bytes": from the first enabled byte to the last enabled byte, in
/// address order (<see cref="DataBytes"/> long; none for a zero-length read).
/// </para>
/// </remarks>
public struct CompletionSplitter
{
    private const int DwordBytes = 4;
    private const ulong DwordMask = DwordBytes - 1;
    private const ulong LowerAddressMask = 0x7F;

    private readonly RequestedData _requested;
    private readonly int _maxPayloadBytes;
    private readonly int _boundaryBytes;
    private readonly CompletionSplitting _splitting;
    private ulong _nextAddress;
    private int _remainingByteCount;
    private int _dataOffset;
    private CompletionChunk _current;

    /// <summary>Starts enumerating the completions of <paramref name="request"/>.</summary>
    /// <param name="request">An MRd, MRdLk, IORd, CfgRd0 or CfgRd1 with well-formed byte enables.</param>
    /// <param name="maxPayloadSize">The Completer's Max_Payload_Size: no completion carries more.</param>
    /// <param name="readCompletionBoundary">The Completer's RCB: completions split only at its multiples.</param>
    /// <param name="splitting">Largest completions, or one per RCB block.</param>
    /// <exception cref="ArgumentException">The request is not a read or has malformed byte enables.</exception>
    public CompletionSplitter(
        in TlpHeader request,
        MaxPayloadSize maxPayloadSize,
        ReadCompletionBoundary readCompletionBoundary,
        CompletionSplitting splitting = CompletionSplitting.Largest)
    {
        _requested = RequestedData.From(request);
        if (_requested.Shape is not (RequestShape.MemoryRead or RequestShape.SingleDwordRead))
        {
            throw new ArgumentException($"{request.Kind} is not a read request; only MRd, MRdLk, IORd and CfgRd are split into read completions.", nameof(request));
        }

        _maxPayloadBytes = maxPayloadSize.ToBytes();
        _boundaryBytes = readCompletionBoundary.ToBytes();
        _splitting = splitting;
        _nextAddress = _requested.FirstByteAddress;
        _remainingByteCount = _requested.ByteCount;
        _dataOffset = 0;
        _current = default;
    }

    /// <summary>Byte Count of the first (or only) completion: Table 2-37 for memory reads, 4 for I/O and configuration reads.</summary>
    public readonly int ByteCount => _requested.ByteCount;

    /// <summary>How many requested bytes the Completer returns in all: first to last enabled byte (0 for a zero-length read).</summary>
    public readonly int DataBytes => _requested.DataBytes;

    /// <summary>The chunk the last successful <see cref="MoveNext"/> produced.</summary>
    public readonly CompletionChunk Current => _current;

    /// <summary>
    /// Builds and sends every completion of <paramref name="request"/> to <paramref name="sink"/>: Successful
    /// Completion, CplD (CplDLk for MRdLk), each with its DW-aligned payload. No heap allocation: a payload is sliced
    /// from <paramref name="requestedData"/> when it is DW-aligned, and otherwise padded in a stack buffer.
    /// </summary>
    /// <param name="request">The read request being answered.</param>
    /// <param name="completer">Completer ID of the answering function.</param>
    /// <param name="requestedData">The requested bytes in address order, exactly <see cref="DataBytes"/> long.</param>
    /// <param name="maxPayloadSize">The Completer's Max_Payload_Size.</param>
    /// <param name="readCompletionBoundary">The Completer's RCB.</param>
    /// <param name="sink">Receives each completion in address order.</param>
    /// <param name="splitting">Largest completions, or one per RCB block.</param>
    /// <returns>The number of completions sent.</returns>
    [SkipLocalsInit]
    public static int WriteCompletions(
        in TlpHeader request,
        PcieId completer,
        ReadOnlySpan<byte> requestedData,
        MaxPayloadSize maxPayloadSize,
        ReadCompletionBoundary readCompletionBoundary,
        ITlpReceiver sink,
        CompletionSplitting splitting = CompletionSplitting.Largest)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var splitter = new CompletionSplitter(request, maxPayloadSize, readCompletionBoundary, splitting);
        if (requestedData.Length != splitter.DataBytes)
        {
            throw new ArgumentException(
                $"The request asks for {splitter.DataBytes} bytes (first to last enabled byte) but {requestedData.Length} were given.",
                nameof(requestedData));
        }

        Span<byte> padded = stackalloc byte[TlpHeader.MaxPayloadBytes];
        int sent = 0;
        while (splitter.TryGetNext(out CompletionChunk chunk))
        {
            TlpHeader completion = chunk.ToCompletion(request, completer);
            scoped ReadOnlySpan<byte> payload;
            if (chunk.PayloadOffset == 0 && chunk.DataBytes == chunk.PayloadBytes)
            {
                payload = requestedData.Slice(chunk.DataOffset, chunk.DataBytes);
            }
            else
            {
                chunk.CopyPayload(requestedData, padded);
                payload = padded[..chunk.PayloadBytes];
            }

            sink.Receive(completion, payload);
            sent++;
        }

        return sent;
    }

    /// <summary>Produces the next completion; false once the final one has been produced.</summary>
    public bool TryGetNext(out CompletionChunk chunk)
    {
        if (_remainingByteCount == 0)
        {
            chunk = default;
            return false;
        }

        chunk = _requested.Shape == RequestShape.SingleDwordRead ? NextSingleDwordChunk() : NextMemoryChunk();
        _current = chunk;
        return true;
    }

    /// <summary>Advances to the next completion (<c>foreach</c> support).</summary>
    public bool MoveNext() => TryGetNext(out _);

    /// <summary>Returns this splitter, so that <c>foreach</c> enumerates a copy of it.</summary>
    public readonly CompletionSplitter GetEnumerator() => this;

    private CompletionChunk NextSingleDwordChunk()
    {
        _remainingByteCount = 0;
        return new CompletionChunk
        {
            Length = 1,
            ByteCount = RequestedData.SingleDwordByteCount,
            LowerAddress = 0,
            Address = _requested.FirstByteAddress,
            DataOffset = 0,
            DataBytes = _requested.DataBytes,
            PayloadOffset = _requested.PayloadOffset,
            IsFinal = true,
        };
    }

    private CompletionChunk NextMemoryChunk()
    {
        ulong start = _nextAddress;
        int payloadOffset = (int)(start & DwordMask);
        int offsetInBoundary = (int)(start & (ulong)(_boundaryBytes - 1));

        // Bytes from start to the k-th RCB boundary are k × RCB − offsetInBoundary. Largest: the greatest k whose
        // payload (from the DW holding start) still fits in MPS; k ≥ 1 because MPS ≥ RCB. AtEveryBoundary: k = 1.
        int boundaries = _splitting == CompletionSplitting.Largest
            ? (_maxPayloadBytes - payloadOffset + offsetInBoundary) / _boundaryBytes
            : 1;
        int toBoundary = (boundaries * _boundaryBytes) - offsetInBoundary;
        bool final = _remainingByteCount <= (_splitting == CompletionSplitting.Largest ? _maxPayloadBytes - payloadOffset : toBoundary);
        int bytes = final ? _remainingByteCount : toBoundary;
        int dataBytes = Math.Min(bytes, _requested.DataBytes - _dataOffset);

        var chunk = new CompletionChunk
        {
            Length = (ushort)((payloadOffset + bytes + DwordBytes - 1) / DwordBytes),
            ByteCount = _remainingByteCount,
            LowerAddress = (byte)(start & LowerAddressMask),
            Address = start,
            DataOffset = _dataOffset,
            DataBytes = dataBytes,
            PayloadOffset = payloadOffset,
            IsFinal = final,
        };

        _nextAddress = unchecked(start + (ulong)bytes);
        _remainingByteCount -= bytes;
        _dataOffset += dataBytes;
        return chunk;
    }
}
