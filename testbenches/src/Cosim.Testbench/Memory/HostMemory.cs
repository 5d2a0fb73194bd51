namespace Cosim.Testbench.Memory;

/// <summary>
/// The host's RAM as a function's DMA sees it: a sparse 64-bit space of 4 KiB pages, created on first write (bytes
/// never written read as zero). Ranges marked unmapped behave like addresses an IOMMU refuses: reads there complete
/// with Unsupported Request, writes are dropped. <see cref="Allocate"/> hands out distinct buffers from two pools,
/// below 256 MiB (reachable by 28-bit DMA masks such as edu's) and above 4 GiB (64-bit addressing, 4 DW headers).
/// Thread-safe.
/// </summary>
public sealed class HostMemory
{
    /// <summary>Bytes per page.</summary>
    public const int PageSize = 4096;

    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, byte[]> _pages = [];
    private readonly List<(ulong Start, ulong End)> _unmapped = [];
    private readonly AddressPool _low;
    private readonly AddressPool _high;

    internal HostMemory(AddressPool low, AddressPool high)
    {
        _low = low;
        _high = high;
    }

    /// <summary>Pages that hold data.</summary>
    public int PageCount
    {
        get
        {
            lock (_lock)
            {
                return _pages.Count;
            }
        }
    }

    /// <summary>
    /// A new buffer of <paramref name="length"/> bytes aligned to <paramref name="alignment"/>, below 256 MiB or, with
    /// <paramref name="above4GiB"/>, above 4 GiB. Its bytes read as zero until written.
    /// </summary>
    public HostBuffer Allocate(int length, int alignment = PageSize, bool above4GiB = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ulong address = (above4GiB ? _high : _low).Allocate((ulong)length, (ulong)alignment);
        return new HostBuffer(this, address, length);
    }

    /// <summary>Copies <paramref name="data"/> into memory at <paramref name="address"/> (the host CPU's store; unmapped ranges too).</summary>
    public void Write(ulong address, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            while (!data.IsEmpty)
            {
                int inPage = (int)(address % PageSize);
                int count = Math.Min(data.Length, PageSize - inPage);
                ulong page = address - (ulong)inPage;
                if (!_pages.TryGetValue(page, out byte[]? bytes))
                {
                    bytes = new byte[PageSize];
                    _pages[page] = bytes;
                }

                data[..count].CopyTo(bytes.AsSpan(inPage));
                data = data[count..];
                address += (ulong)count;
            }
        }
    }

    /// <summary>Copies memory at <paramref name="address"/> into <paramref name="destination"/>.</summary>
    public void Read(ulong address, Span<byte> destination)
    {
        lock (_lock)
        {
            while (!destination.IsEmpty)
            {
                int inPage = (int)(address % PageSize);
                int count = Math.Min(destination.Length, PageSize - inPage);
                if (_pages.TryGetValue(address - (ulong)inPage, out byte[]? bytes))
                {
                    bytes.AsSpan(inPage, count).CopyTo(destination);
                }
                else
                {
                    destination[..count].Clear();
                }

                destination = destination[count..];
                address += (ulong)count;
            }
        }
    }

    /// <summary>A copy of <paramref name="length"/> bytes at <paramref name="address"/>.</summary>
    public byte[] Read(ulong address, int length)
    {
        byte[] data = new byte[length];
        Read(address, data);
        return data;
    }

    /// <summary>Makes [<paramref name="address"/>, +<paramref name="length"/>) refuse DMA: reads complete with UR, writes are dropped.</summary>
    public void MarkUnmapped(ulong address, ulong length)
    {
        ArgumentOutOfRangeException.ThrowIfZero(length);
        lock (_lock)
        {
            _unmapped.Add((address, address + length));
        }
    }

    /// <summary>True when any byte of [<paramref name="address"/>, +<paramref name="length"/>) is unmapped.</summary>
    public bool IsUnmapped(ulong address, int length)
    {
        lock (_lock)
        {
            foreach ((ulong start, ulong end) in _unmapped)
            {
                if (address < end && start < address + (ulong)Math.Max(length, 1))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
