namespace Cosim.Tlp.Transactions;

/// <summary>
/// One completion of a read request, as <see cref="CompletionSplitter"/> enumerates it: the header fields it needs and
/// where its data sits in the requested bytes and in its own DW-aligned payload.
/// </summary>
/// <remarks>
/// PCIe Base 6.0 §2.3.1.1: "The Completion Data area begins at the DW address specified by the Request. In the first
/// or only Data DW of the first or only Completion, only the bytes configured as active in the First DW BE field in the
/// Request contain valid data." So the payload starts at the DW that holds <see cref="Address"/>: <see
/// cref="PayloadOffset"/> undefined bytes come first, then <see cref="DataBytes"/> data bytes, then undefined bytes up to
/// the end of the last DW. Cosim sends the undefined bytes as zeros.
/// </remarks>
public readonly record struct CompletionChunk
{
    private const int DwordBytes = 4;

    /// <summary>Length[9:0] of the completion: payload size in DW (1-1024).</summary>
    public ushort Length { get; init; }

    /// <summary>Byte Count[11:0]: bytes that remain to complete the request, including this completion's (1-4096).</summary>
    public int ByteCount { get; init; }

    /// <summary>Lower Address[6:0]: low address bits of the first enabled byte this completion returns (0 for I/O and configuration reads).</summary>
    public byte LowerAddress { get; init; }

    /// <summary>Full byte address of the first byte this completion returns.</summary>
    public ulong Address { get; init; }

    /// <summary>Index, in the requested bytes in address order, of the first data byte this completion carries.</summary>
    public int DataOffset { get; init; }

    /// <summary>How many requested bytes this completion carries (0 for the completion of a zero-length read).</summary>
    public int DataBytes { get; init; }

    /// <summary>Offset of the first data byte in this completion's DW-aligned payload (0-3).</summary>
    public int PayloadOffset { get; init; }

    /// <summary>True for the last completion of the request.</summary>
    public bool IsFinal { get; init; }

    /// <summary>Payload size in bytes: <see cref="Length"/> × 4.</summary>
    public int PayloadBytes => Length * DwordBytes;

    /// <summary>
    /// The CplD (CplDLk for MRdLk) header of this chunk, Successful Completion, through <see cref="TlpHeader.CompletionFor"/>
    /// (Requester ID, Tag, TC and Attr copied from <paramref name="request"/>).
    /// </summary>
    public TlpHeader ToCompletion(in TlpHeader request, PcieId completer) =>
        TlpHeader.CompletionFor(request, completer, CompletionStatus.SuccessfulCompletion, Length, ByteCount, LowerAddress);

    /// <summary>
    /// Builds this chunk's DW-aligned payload in <paramref name="payload"/> (at least <see cref="PayloadBytes"/> long)
    /// from <paramref name="requestedData"/>, all requested bytes in address order: zeros, then the data, then zeros.
    /// </summary>
    public void CopyPayload(ReadOnlySpan<byte> requestedData, Span<byte> payload)
    {
        Span<byte> target = payload[..PayloadBytes];
        target[..PayloadOffset].Clear();
        requestedData.Slice(DataOffset, DataBytes).CopyTo(target[PayloadOffset..]);
        target[(PayloadOffset + DataBytes)..].Clear();
    }
}
