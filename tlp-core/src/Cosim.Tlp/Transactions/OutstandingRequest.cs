namespace Cosim.Tlp.Transactions;

/// <summary>A snapshot of one request <see cref="CompletionTracker"/> tracks.</summary>
/// <param name="Request">The request header as tracked.</param>
/// <param name="Destination">Where its data goes: the requested bytes (first to last enabled byte) in address order.</param>
/// <param name="Timestamp">The caller's time stamp from <see cref="CompletionTracker.Track(in TlpHeader, Memory{byte}, long)"/>.</param>
/// <param name="RemainingByteCount">The Byte Count the next completion must carry (0 once complete).</param>
/// <param name="BytesReceived">Data bytes copied into <paramref name="Destination"/> so far.</param>
public readonly record struct OutstandingRequest(
    TlpHeader Request,
    Memory<byte> Destination,
    long Timestamp,
    int RemainingByteCount,
    int BytesReceived)
{
    /// <summary>Tag of the request.</summary>
    public ushort Tag => Request.Tag;

    /// <summary>Requester ID of the request.</summary>
    public PcieId RequesterId => Request.RequesterId;
}
