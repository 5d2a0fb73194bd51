using System.Buffers;
using System.Buffers.Binary;
using Cosim.Device.Dma;
using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Prp;

/// <summary>
/// A command's data buffer described by Physical Region Page entries (NVMe Base 1.4 §4.3), resolved to contiguous
/// host-memory segments, with the DMA that moves the data. The segment array is pooled: dispose the list.
/// </summary>
/// <remarks>
/// <code>
/// PRP entry (8 bytes):  63                                  n n-1           2 1 0
///                      +-------------------------------------+----------------+---+
///                      | Page Base Address                   | Offset         |00b|
///                      +-------------------------------------+----------------+---+
///                      (n = log2 of the memory page size, CC.MPS + 12)
///
/// length fits in PRP1's page            PRP1 only
/// length crosses one page boundary      PRP1 + PRP2 (a page-aligned data pointer)
/// length crosses more                   PRP1 + PRP2 → PRP List: page-aligned entries to the end of the list's
///                                       page; if more are needed, the page's last entry points to the next list
/// </code>
/// "The first PRP entry ... may have a non-zero offset ... All other PRP entries ... shall have a memory page offset of
/// 0h" (§4.3); a violation is PRP Offset Invalid. A PRP list that cannot be read is a Data Transfer Error.
/// </remarks>
internal sealed class PrpList : IDisposable
{
    private const int EntryBytes = 8;
    private const ulong DwordAlignmentMask = 0b11;
    private const ulong QwordAlignmentMask = 0b111;

    private DataSegment[] _segments;
    private int _count;

    private PrpList(NvmeStatus status, DataSegment[] segments, int count, int length)
    {
        Status = status;
        _segments = segments;
        _count = count;
        Length = length;
    }

    /// <summary>Success, or why the entries do not describe a buffer (PRP Offset Invalid, Data Transfer Error).</summary>
    public NvmeStatus Status { get; }

    /// <summary>Bytes described.</summary>
    public int Length { get; }

    /// <summary>The buffer's segments in order; adjacent pages are merged.</summary>
    public ReadOnlySpan<DataSegment> Segments => _segments.AsSpan(0, _count);

    /// <summary>Resolves PRP1/PRP2 for a transfer of <paramref name="length"/> bytes with memory pages of <paramref name="pageSize"/> bytes.</summary>
    public static async Task<PrpList> ResolveAsync(IHostMemory host, ulong prp1, ulong prp2, int length, int pageSize, CancellationToken cancellationToken)
    {
        ulong pageMask = (ulong)pageSize - 1;
        DataSegment[] segments = ArrayPool<DataSegment>.Shared.Rent((length / pageSize) + 2);
        var list = new PrpList(NvmeStatus.Success, segments, 0, length);
        if (length == 0)
        {
            return list;
        }

        if ((prp1 & DwordAlignmentMask) != 0)
        {
            return list.Fail(NvmeStatus.InvalidPrpOffset);
        }

        int first = (int)Math.Min((ulong)length, (ulong)pageSize - (prp1 & pageMask));
        list.Add(prp1, first);
        int remaining = length - first;
        if (remaining == 0)
        {
            return list;
        }

        if (remaining <= pageSize)
        {
            if ((prp2 & pageMask) != 0)
            {
                return list.Fail(NvmeStatus.InvalidPrpOffset);
            }

            list.Add(prp2, remaining);
            return list;
        }

        NvmeStatus status = await list.WalkListAsync(host, prp2, remaining, pageSize, cancellationToken).ConfigureAwait(false);
        return status == NvmeStatus.Success ? list : list.Fail(status);
    }

    /// <summary>DMA-reads the buffer from host memory into <paramref name="destination"/> (a command that writes).</summary>
    public async Task<NvmeStatus> ReadFromHostAsync(IHostMemory host, Memory<byte> destination, CancellationToken cancellationToken)
    {
        // Every segment's reads go out at once; the DMA engine spreads them over its tags.
        Task<DmaStatus>[] reads = ArrayPool<Task<DmaStatus>>.Shared.Rent(_count);
        try
        {
            int offset = 0;
            for (int i = 0; i < _count; i++)
            {
                DataSegment segment = _segments[i];
                reads[i] = host.ReadAsync(segment.Address, destination.Slice(offset, segment.Length), cancellationToken);
                offset += segment.Length;
            }

            NvmeStatus status = NvmeStatus.Success;
            for (int i = 0; i < _count; i++)
            {
                if (await reads[i].ConfigureAwait(false) != DmaStatus.Success)
                {
                    status = NvmeStatus.DataTransferError;
                }
            }

            return status;
        }
        finally
        {
            ArrayPool<Task<DmaStatus>>.Shared.Return(reads, clearArray: true);
        }
    }

    /// <summary>DMA-writes <paramref name="source"/> to the buffer in host memory (a command that reads).</summary>
    public async Task<NvmeStatus> WriteToHostAsync(IHostMemory host, ReadOnlyMemory<byte> source)
    {
        int offset = 0;
        for (int i = 0; i < _count; i++)
        {
            DataSegment segment = _segments[i];
            if (await host.WriteAsync(segment.Address, source.Slice(offset, segment.Length)).ConfigureAwait(false) != DmaStatus.Success)
            {
                return NvmeStatus.DataTransferError;
            }

            offset += segment.Length;
        }

        return NvmeStatus.Success;
    }

    /// <summary>Returns the segment array to the pool.</summary>
    public void Dispose()
    {
        if (_segments.Length != 0)
        {
            ArrayPool<DataSegment>.Shared.Return(_segments);
            _segments = [];
            _count = 0;
        }
    }

    // Reads list pages until `remaining` bytes have page-aligned entries. Each list runs to the end of its page; when
    // more entries are needed than fit, the last one points to the next list.
    private async Task<NvmeStatus> WalkListAsync(IHostMemory host, ulong listAddress, int remaining, int pageSize, CancellationToken cancellationToken)
    {
        ulong pageMask = (ulong)pageSize - 1;
        byte[] entries = ArrayPool<byte>.Shared.Rent(pageSize);
        try
        {
            while (remaining > 0)
            {
                if ((listAddress & QwordAlignmentMask) != 0)
                {
                    return NvmeStatus.InvalidPrpOffset;
                }

                int inThisPage = (int)(((ulong)pageSize - (listAddress & pageMask)) / EntryBytes);
                int pagesNeeded = (remaining + pageSize - 1) / pageSize;
                bool chained = pagesNeeded > inThisPage;
                int toRead = chained ? inThisPage : pagesNeeded;
                Memory<byte> page = entries.AsMemory(0, toRead * EntryBytes);
                if (await host.ReadAsync(listAddress, page, cancellationToken).ConfigureAwait(false) != DmaStatus.Success)
                {
                    return NvmeStatus.DataTransferError;
                }

                int dataEntries = chained ? toRead - 1 : toRead;
                for (int i = 0; i < dataEntries; i++)
                {
                    ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(page.Span[(i * EntryBytes)..]);
                    if ((entry & pageMask) != 0)
                    {
                        return NvmeStatus.InvalidPrpOffset;
                    }

                    int bytes = Math.Min(remaining, pageSize);
                    Add(entry, bytes);
                    remaining -= bytes;
                }

                if (chained)
                {
                    listAddress = BinaryPrimitives.ReadUInt64LittleEndian(page.Span[(dataEntries * EntryBytes)..]);
                }
            }

            return NvmeStatus.Success;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(entries);
        }
    }

    private void Add(ulong address, int length)
    {
        if (_count > 0)
        {
            ref DataSegment last = ref _segments[_count - 1];
            if (last.Address + (ulong)last.Length == address)
            {
                last = last with { Length = last.Length + length };
                return;
            }
        }

        _segments[_count++] = new DataSegment(address, length);
    }

    private PrpList Fail(NvmeStatus status)
    {
        Dispose();
        return new PrpList(status, [], 0, Length);
    }
}
