using System.Buffers;
using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>
/// The DMA_MAP table: guest physical ranges (IOVAs), each either backed by an mmapped fd (shared memory, the fast
/// path) or reachable only through DMA_READ/DMA_WRITE messages. One MAP_SHARED mapping per backing object (dev,
/// ino), mapped whole and shared by every range that uses it; no fd is kept open. Device threads copy under the
/// table lock, so an unmap never pulls memory from under an access in flight (spec: "drop every use of the
/// region, including in-flight DMA, before replying").
/// </summary>
internal sealed unsafe class GuestMemory : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Range> _ranges = [];
    private readonly List<Backing> _backings = [];

    /// <summary>How a guest address resolved.</summary>
    public enum Access
    {
        /// <summary>Copied through shared memory.</summary>
        Done,

        /// <summary>Mapped without an fd: use DMA_READ/DMA_WRITE messages.</summary>
        NeedsMessages,

        /// <summary>Not (entirely) inside one mapped range.</summary>
        Unmapped,

        /// <summary>A write to a range mapped without WRITE permission.</summary>
        ReadOnly,
    }

    /// <summary>Number of ranges mapped (tests).</summary>
    public int RangeCount
    {
        get
        {
            lock (_lock)
            {
                return _ranges.Count;
            }
        }
    }

    /// <summary>Number of live mmaps (tests: de-duplication).</summary>
    public int BackingCount
    {
        get
        {
            lock (_lock)
            {
                return _backings.Count;
            }
        }
    }

    /// <summary>
    /// DMA_MAP: adds [<paramref name="address"/>, +<paramref name="size"/>). With <paramref name="fd"/> ≥ 0 the range is
    /// served from an mmap of that file at <paramref name="fileOffset"/>. The fd is always closed before returning.
    /// </summary>
    public Errno Map(ulong address, ulong size, ulong fileOffset, DmaMapFlags flags, int fd)
    {
        try
        {
            if (size == 0 || address + size < address || (flags & ~(DmaMapFlags.Read | DmaMapFlags.Write)) != 0)
            {
                return Errno.InvalidArgument;
            }

            lock (_lock)
            {
                int index = LowerBound(address);
                if ((index < _ranges.Count && _ranges[index].Address < address + size)
                    || (index > 0 && _ranges[index - 1].End > address))
                {
                    return Errno.Exists;
                }

                Backing? backing = null;
                if (fd >= 0)
                {
                    Errno error = Attach(fd, fileOffset, size, flags, out backing);
                    if (error != Errno.None)
                    {
                        return error;
                    }
                }

                _ranges.Insert(index, new Range(address, size, flags, backing, backing is null ? null : backing.Base + fileOffset));
                return Errno.None;
            }
        }
        finally
        {
            if (fd >= 0)
            {
                _ = Interop.Libc.Close(fd);
            }
        }
    }

    /// <summary>DMA_UNMAP: removes every range inside [<paramref name="address"/>, +<paramref name="size"/>); returns how many.</summary>
    public int Unmap(ulong address, ulong size)
    {
        ulong end = address + size < address ? ulong.MaxValue : address + size;
        lock (_lock)
        {
            int removed = 0;
            int index = LowerBound(address);
            while (index < _ranges.Count && _ranges[index].End <= end)
            {
                Release(_ranges[index].Backing);
                _ranges.RemoveAt(index);
                removed++;
            }

            return removed;
        }
    }

    /// <summary>Removes everything (UNMAP_ALL, disconnect).</summary>
    public void UnmapAll()
    {
        lock (_lock)
        {
            foreach (Range range in _ranges)
            {
                Release(range.Backing);
            }

            _ranges.Clear();
        }
    }

    /// <summary>Reads guest memory through shared memory, or tells why it cannot.</summary>
    public Access Read(ulong address, Span<byte> destination)
    {
        lock (_lock)
        {
            if (!TryFind(address, (ulong)destination.Length, out Range range))
            {
                return Access.Unmapped;
            }

            if (range.Pointer is null)
            {
                return Access.NeedsMessages;
            }

            new ReadOnlySpan<byte>(range.Pointer + (address - range.Address), destination.Length).CopyTo(destination);
            return Access.Done;
        }
    }

    /// <summary>
    /// Writes guest memory through shared memory. <paramref name="payload"/> is DW aligned: byte i belongs at
    /// (<paramref name="dwordAddress"/> + i), and only the bytes enabled by the first and last DW byte enables are stored.
    /// </summary>
    public Access Write(ulong dwordAddress, ReadOnlySpan<byte> payload, byte firstDwByteEnables, byte lastDwByteEnables)
    {
        ByteRange(payload.Length, firstDwByteEnables, lastDwByteEnables, out int first, out int end);
        lock (_lock)
        {
            if (!TryFind(dwordAddress + (ulong)first, (ulong)(end - first), out Range range))
            {
                return Access.Unmapped;
            }

            if ((range.Flags & DmaMapFlags.Write) == 0)
            {
                return Access.ReadOnly;
            }

            if (range.Pointer is null)
            {
                return Access.NeedsMessages;
            }

            byte* target = range.Pointer + (dwordAddress - range.Address);
            WriteEnabledBytes(target, payload, firstDwByteEnables, lastDwByteEnables);
            return Access.Done;
        }
    }

    /// <summary>Writes every byte of <paramref name="source"/> at <paramref name="address"/> through shared memory, or tells why it cannot.</summary>
    public Access Write(ulong address, ReadOnlySpan<byte> source)
    {
        lock (_lock)
        {
            if (!TryFind(address, (ulong)source.Length, out Range range))
            {
                return Access.Unmapped;
            }

            if ((range.Flags & DmaMapFlags.Write) == 0)
            {
                return Access.ReadOnly;
            }

            if (range.Pointer is null)
            {
                return Access.NeedsMessages;
            }

            source.CopyTo(new Span<byte>(range.Pointer + (address - range.Address), source.Length));
            return Access.Done;
        }
    }

    /// <summary>
    /// Lets <paramref name="fill"/> write the <paramref name="length"/> bytes at <paramref name="address"/> in shared
    /// memory (under the table lock: an unmap waits for it), or tells why it cannot.
    /// </summary>
    public Access Write<TState>(ulong address, int length, TState state, SpanAction<byte, TState> fill)
    {
        lock (_lock)
        {
            if (!TryFind(address, (ulong)length, out Range range))
            {
                return Access.Unmapped;
            }

            if ((range.Flags & DmaMapFlags.Write) == 0)
            {
                return Access.ReadOnly;
            }

            if (range.Pointer is null)
            {
                return Access.NeedsMessages;
            }

            fill(new Span<byte>(range.Pointer + (address - range.Address), length), state);
            return Access.Done;
        }
    }

    /// <summary>Classifies a range without touching it (for the message path).</summary>
    public Access Classify(ulong address, ulong length, bool write)
    {
        lock (_lock)
        {
            if (!TryFind(address, length, out Range range))
            {
                return Access.Unmapped;
            }

            if (write && (range.Flags & DmaMapFlags.Write) == 0)
            {
                return Access.ReadOnly;
            }

            return range.Pointer is null ? Access.NeedsMessages : Access.Done;
        }
    }

    public void Dispose() => UnmapAll();

    /// <summary>The span of bytes [first, end) a DW-aligned payload covers under its byte enables.</summary>
    internal static void ByteRange(int payloadLength, byte firstDwByteEnables, byte lastDwByteEnables, out int first, out int end)
    {
        int dwords = payloadLength / 4;
        first = Tlp.ByteEnables.FirstEnabledByteOffset(firstDwByteEnables);
        byte lastEnables = dwords <= 1 ? firstDwByteEnables : lastDwByteEnables;
        int highest = lastEnables == 0 ? 0 : 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)lastEnables);
        end = ((Math.Max(dwords, 1) - 1) * 4) + highest + 1;
        if (end <= first)
        {
            end = first + 1;
        }
    }

    private static void WriteEnabledBytes(byte* target, ReadOnlySpan<byte> payload, byte firstDwByteEnables, byte lastDwByteEnables)
    {
        int dwords = payload.Length / 4;
        if (dwords <= 1)
        {
            WriteDword(target, payload, firstDwByteEnables);
            return;
        }

        WriteDword(target, payload[..4], firstDwByteEnables);
        payload[4..^4].CopyTo(new Span<byte>(target + 4, payload.Length - 8));
        WriteDword(target + payload.Length - 4, payload[^4..], lastDwByteEnables);
    }

    private static void WriteDword(byte* target, ReadOnlySpan<byte> dword, byte enables)
    {
        for (int i = 0; i < 4 && i < dword.Length; i++)
        {
            if ((enables & (1 << i)) != 0)
            {
                target[i] = dword[i];
            }
        }
    }

    private int LowerBound(ulong address)
    {
        int low = 0;
        int high = _ranges.Count;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (_ranges[middle].Address < address)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private bool TryFind(ulong address, ulong length, out Range range)
    {
        int index = LowerBound(address + 1) - 1;
        if (index >= 0)
        {
            range = _ranges[index];
            if (address >= range.Address && address + length <= range.End && address + length >= address)
            {
                return true;
            }
        }

        range = default;
        return false;
    }

    private Errno Attach(int fd, ulong fileOffset, ulong size, DmaMapFlags flags, out Backing? backing)
    {
        backing = null;
        Interop.StatxBuffer stat;
        byte empty = 0;
        if (Interop.Libc.Statx(fd, &empty, Interop.Libc.AtEmptyPath, Interop.Libc.StatxBasicStats, &stat) != 0)
        {
            return (Errno)Marshal.GetLastPInvokeError();
        }

        if (fileOffset + size > stat.Size || fileOffset + size < fileOffset)
        {
            return Errno.InvalidArgument;
        }

        bool writable = (flags & DmaMapFlags.Write) != 0;
        foreach (Backing existing in _backings)
        {
            if (existing.DeviceMajor == stat.DeviceMajor && existing.DeviceMinor == stat.DeviceMinor && existing.Inode == stat.Inode
                && existing.Length >= fileOffset + size && (existing.Writable || !writable))
            {
                existing.References++;
                backing = existing;
                return Errno.None;
            }
        }

        int protection = Interop.Libc.ProtectionRead | (writable ? Interop.Libc.ProtectionWrite : 0);
        nint pointer = Interop.Libc.MemoryMap(null, (nuint)stat.Size, protection, Interop.Libc.MapShared, fd, 0);
        if (pointer == Interop.Libc.MapFailed)
        {
            return (Errno)Marshal.GetLastPInvokeError();
        }

        backing = new Backing((byte*)pointer, stat.Size, stat.DeviceMajor, stat.DeviceMinor, stat.Inode, writable);
        _backings.Add(backing);
        return Errno.None;
    }

    private void Release(Backing? backing)
    {
        if (backing is null || --backing.References > 0)
        {
            return;
        }

        _ = Interop.Libc.MemoryUnmap(backing.Base, (nuint)backing.Length);
        _backings.Remove(backing);
    }

    private readonly struct Range(ulong address, ulong size, DmaMapFlags flags, Backing? backing, byte* pointer)
    {
        public ulong Address { get; } = address;

        public ulong Size { get; } = size;

        public DmaMapFlags Flags { get; } = flags;

        public Backing? Backing { get; } = backing;

        public byte* Pointer { get; } = pointer;

        public ulong End => Address + Size;
    }

    /// <summary>One mmap of a whole backing file, shared by every range on it. Allocated per DMA_MAP of a new file only.</summary>
    private sealed class Backing(byte* @base, ulong length, uint deviceMajor, uint deviceMinor, ulong inode, bool writable)
    {
        public byte* Base { get; } = @base;

        public ulong Length { get; } = length;

        public uint DeviceMajor { get; } = deviceMajor;

        public uint DeviceMinor { get; } = deviceMinor;

        public ulong Inode { get; } = inode;

        public bool Writable { get; } = writable;

        public int References { get; set; } = 1;
    }
}
