namespace Cosim.Tlp.Transactions;

/// <summary>
/// One memory request of a transfer that <see cref="RequestSplitter"/> cut up: its bytes, where they sit in the
/// transfer, and the Length and byte enables of its header (PCIe Base 6.0 §2.2.5).
/// </summary>
/// <param name="Address">Byte address of the first byte (not DW-aligned; the header carries the DW address).</param>
/// <param name="ByteCount">Bytes this request moves (1-4096).</param>
/// <param name="Offset">Index of the first byte within the whole transfer.</param>
/// <param name="Length">Length[9:0]: DW from the DW holding the first byte to the DW holding the last (1-1024).</param>
/// <param name="FirstDwByteEnables">First DW BE[3:0].</param>
/// <param name="LastDwByteEnables">Last DW BE[3:0] (0000b for a 1 DW request).</param>
public readonly record struct RequestChunk(
    ulong Address,
    int ByteCount,
    long Offset,
    ushort Length,
    byte FirstDwByteEnables,
    byte LastDwByteEnables)
{
    private const int DwordBytes = 4;
    private const ulong DwordMask = DwordBytes - 1;

    /// <summary>Payload size of the write request in bytes: <see cref="Length"/> × 4.</summary>
    public int PayloadBytes => Length * DwordBytes;

    /// <summary>The MRd for this chunk (4 DW header above 4 GiB).</summary>
    public TlpHeader ToMemoryRead(PcieId requester, ushort tag) =>
        TlpHeader.MemoryRead(requester, tag, Address, ByteCount);

    /// <summary>The MWr for this chunk (4 DW header above 4 GiB); posted, so the tag is only a label.</summary>
    public TlpHeader ToMemoryWrite(PcieId requester, ushort tag = 0) =>
        TlpHeader.MemoryWrite(requester, tag, Address, ByteCount);

    /// <summary>
    /// Builds the DW-aligned MWr payload of this chunk in <paramref name="payload"/> (at least <see cref="PayloadBytes"/>
    /// long) from <paramref name="transfer"/>, the bytes of the whole transfer: bytes outside the enabled range are zero.
    /// </summary>
    public void CopyPayload(ReadOnlySpan<byte> transfer, Span<byte> payload)
    {
        int leading = (int)(Address & DwordMask);
        Span<byte> target = payload[..PayloadBytes];
        target[..leading].Clear();
        transfer.Slice(checked((int)Offset), ByteCount).CopyTo(target[leading..]);
        target[(leading + ByteCount)..].Clear();
    }
}
