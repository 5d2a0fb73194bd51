using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cosim.Device.Registers;

/// <summary>
/// The declared contents of one BAR: registers and memory areas at fixed offsets. The engine, not the model,
/// handles access widths and byte enables: a 1-, 2-, 4- or 8-byte or multi-DW access is split over the registers
/// it touches, and each register applies its fields' access types to the bytes written. Offsets no declaration
/// covers read 0 (or <see cref="WithUnimplementedReadValue"/>) and ignore writes, and are logged once each, by BAR
/// name and offset.
/// </summary>
public sealed class RegisterMap
{
    private readonly ILogger _logger;
    private readonly List<Entry> _entries = [];
    private readonly HashSet<ulong> _loggedOffsets = [];
    private readonly HashSet<ulong> _loggedRefusals = [];
    private Entry[] _sorted = [];
    private byte _unimplementedReadValue;
    private int _minAccessBytes;
    private int _maxAccessBytes;

    /// <summary>Creates the map of a BAR of <paramref name="size"/> bytes.</summary>
    public RegisterMap(string name, ulong size, ILogger? logger = null)
    {
        Name = name;
        Size = size;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The BAR's name in log lines (for example "BAR0").</summary>
    public string Name { get; }

    /// <summary>The BAR's size in bytes.</summary>
    public ulong Size { get; }

    /// <summary>Declares a register at <paramref name="offset"/>.</summary>
    public Register Define(long offset, string name, int widthBytes = 4, ulong reset = 0)
    {
        var register = new Register(name, offset, widthBytes, reset);
        if (offset % widthBytes != 0)
        {
            throw new ArgumentException($"{Name}: register {name} at 0x{offset:x} is not aligned to its width of {widthBytes} bytes.", nameof(offset));
        }

        Add(new Entry(offset, widthBytes, register, null), name);
        return register;
    }

    /// <summary>Declares a RAM-like area at <paramref name="offset"/>; a read-only one ignores software writes.</summary>
    public MemoryArea DefineMemory(long offset, int size, string name, bool readOnly = false)
    {
        var area = new MemoryArea(name, offset, size, readOnly);
        Add(new Entry(offset, size, null, area), name);
        return area;
    }

    /// <summary>
    /// Makes every byte no declaration covers, and every access a register refuses, read as <paramref name="value"/>
    /// (0 by default; FFh for a device that returns all ones, as QEMU's edu returns <c>~0</c>).
    /// </summary>
    public RegisterMap WithUnimplementedReadValue(byte value)
    {
        _unimplementedReadValue = value;
        return this;
    }

    /// <summary>
    /// Accepts only naturally aligned accesses of <paramref name="minBytes"/> to <paramref name="maxBytes"/> bytes (a
    /// power of two), as QEMU's <c>MemoryRegionOps.valid</c> does. Any other access never reaches a register: it reads
    /// 0, its write is dropped, and it is logged once.
    /// </summary>
    public RegisterMap WithValidAccessSizes(int minBytes, int maxBytes)
    {
        if (minBytes < 1 || maxBytes < minBytes || !BitOperations.IsPow2(minBytes) || !BitOperations.IsPow2(maxBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(minBytes), minBytes, $"{Name}: valid access sizes must be powers of two with min <= max (got {minBytes}-{maxBytes}).");
        }

        _minAccessBytes = minBytes;
        _maxAccessBytes = maxBytes;
        return this;
    }

    /// <summary>Returns every register and memory area to its reset value.</summary>
    public void Reset()
    {
        foreach (Entry entry in _entries)
        {
            entry.Register?.Reset();
            entry.Memory?.Reset();
        }
    }

    /// <summary>A software read of <paramref name="destination"/>.Length bytes at <paramref name="offset"/>.</summary>
    public void Read(ulong offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length);
        if (!IsValidAccess(offset, destination.Length))
        {
            destination.Clear();
            LogRefused(offset, destination.Length, "read", Name);
            return;
        }

        ulong position = offset;
        int accessLength = destination.Length;
        while (!destination.IsEmpty)
        {
            int chunk = NextChunk(position, destination.Length, out Entry? entry);
            Span<byte> part = destination[..chunk];
            if (entry is { } hit)
            {
                int inner = (int)((long)position - hit.Offset);
                if (hit.Register is not null)
                {
                    if (hit.Register.Accepts((long)offset - hit.Offset, accessLength))
                    {
                        hit.Register.Read(inner, part);
                    }
                    else
                    {
                        part.Fill(_unimplementedReadValue);
                        LogRefused(offset, accessLength, "read", hit.Register.Name);
                    }
                }
                else
                {
                    hit.Memory!.Read(inner, part);
                }
            }
            else
            {
                part.Fill(_unimplementedReadValue);
                LogUnimplemented(position, "read");
            }

            destination = destination[chunk..];
            position += (ulong)chunk;
        }
    }

    /// <summary>A software write of <paramref name="data"/> at <paramref name="offset"/>.</summary>
    public void Write(ulong offset, ReadOnlySpan<byte> data)
    {
        CheckRange(offset, data.Length);
        if (!IsValidAccess(offset, data.Length))
        {
            LogRefused(offset, data.Length, "write", Name);
            return;
        }

        ulong position = offset;
        int accessLength = data.Length;
        while (!data.IsEmpty)
        {
            int chunk = NextChunk(position, data.Length, out Entry? entry);
            ReadOnlySpan<byte> part = data[..chunk];
            if (entry is { } hit)
            {
                int inner = (int)((long)position - hit.Offset);
                if (hit.Register is not null)
                {
                    if (hit.Register.Accepts((long)offset - hit.Offset, accessLength))
                    {
                        hit.Register.Write(inner, part);
                    }
                    else
                    {
                        LogRefused(offset, accessLength, "write", hit.Register.Name);
                    }
                }
                else
                {
                    hit.Memory!.Write(inner, part);
                }
            }
            else
            {
                LogUnimplemented(position, "write");
            }

            data = data[chunk..];
            position += (ulong)chunk;
        }
    }

    // The bytes from position that belong to one entry, or to the gap before the next one.
    private int NextChunk(ulong position, int remaining, out Entry? entry)
    {
        Entry[] sorted = _sorted;
        int low = 0;
        int high = sorted.Length - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            Entry candidate = sorted[middle];
            if ((ulong)candidate.Offset + (ulong)candidate.Length <= position)
            {
                low = middle + 1;
            }
            else if ((ulong)candidate.Offset > position)
            {
                high = middle - 1;
            }
            else
            {
                entry = candidate;
                return (int)Math.Min((ulong)remaining, (ulong)candidate.Offset + (ulong)candidate.Length - position);
            }
        }

        entry = null;
        ulong gapEnd = low < sorted.Length ? (ulong)sorted[low].Offset : Size;
        return (int)Math.Min((ulong)remaining, gapEnd - position);
    }

    private void Add(Entry entry, string name)
    {
        if (entry.Offset < 0 || (ulong)entry.Offset + (ulong)entry.Length > Size)
        {
            throw new ArgumentException($"{Name}: {name} at 0x{entry.Offset:x} (+{entry.Length}) lies outside the BAR's {Size} bytes.", nameof(name));
        }

        foreach (Entry existing in _entries)
        {
            if (entry.Offset < existing.Offset + existing.Length && existing.Offset < entry.Offset + entry.Length)
            {
                string other = existing.Register?.Name ?? existing.Memory!.Name;
                throw new ArgumentException($"{Name}: {name} at 0x{entry.Offset:x} overlaps {other} at 0x{existing.Offset:x}.", nameof(name));
            }
        }

        _entries.Add(entry);
        _sorted = [.. _entries.OrderBy(e => e.Offset)];
    }

    private void CheckRange(ulong offset, int length)
    {
        if (offset > Size || (ulong)length > Size - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{Name}: an access of {length} bytes at 0x{offset:x} is outside the BAR's {Size} bytes.");
        }
    }

    private bool IsValidAccess(ulong offset, int length) =>
        _maxAccessBytes == 0
        || (length >= _minAccessBytes && length <= _maxAccessBytes && BitOperations.IsPow2(length) && offset % (ulong)length == 0);

    private void LogRefused(ulong offset, int length, string access, string refusedBy)
    {
        bool first;
        lock (_loggedRefusals)
        {
            first = _loggedRefusals.Add(offset);
        }

        if (first)
        {
            DeviceLog.AccessRefused(_logger, access, length, Name, offset, refusedBy);
        }
    }

    private void LogUnimplemented(ulong offset, string access)
    {
        bool first;
        lock (_loggedOffsets)
        {
            first = _loggedOffsets.Add(offset);
        }

        if (first)
        {
            DeviceLog.UnimplementedRegister(_logger, access, Name, offset);
        }
    }

    private readonly record struct Entry(long Offset, int Length, Register? Register, MemoryArea? Memory);
}
