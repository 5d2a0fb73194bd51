using System.Numerics;

namespace Cosim.Testbench.Memory;

/// <summary>
/// A window of an address space handed out front to back in naturally aligned pieces: BAR ranges (which must be
/// aligned to their size), host DMA buffers. Thread-safe; nothing is ever given back (a testbench lives for one test).
/// </summary>
public sealed class AddressPool
{
    private readonly Lock _lock = new();
    private ulong _next;

    /// <summary>A pool of [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public AddressPool(string name, ulong start, ulong end)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"Address pool '{name}': end 0x{end:x} must lie above start 0x{start:x}.");
        }

        Name = name;
        Start = start;
        End = end;
        _next = start;
    }

    /// <summary>What the pool is for (named in errors).</summary>
    public string Name { get; }

    /// <summary>First address of the window.</summary>
    public ulong Start { get; }

    /// <summary>First address past the window.</summary>
    public ulong End { get; }

    /// <summary>Bytes handed out so far, alignment gaps included.</summary>
    public ulong Used
    {
        get
        {
            lock (_lock)
            {
                return _next - Start;
            }
        }
    }

    /// <summary>True when <paramref name="address"/> lies in the window.</summary>
    public bool Contains(ulong address) => address >= Start && address < End;

    /// <summary>Takes <paramref name="size"/> bytes aligned to <paramref name="alignment"/> (a power of two).</summary>
    /// <exception cref="InvalidOperationException">The window is exhausted; the message names the pool.</exception>
    public ulong Allocate(ulong size, ulong alignment)
    {
        if (size == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "An allocation has at least one byte.");
        }

        if (alignment == 0 || !BitOperations.IsPow2(alignment))
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "Alignment is a power of two.");
        }

        lock (_lock)
        {
            ulong start = (_next + alignment - 1) & ~(alignment - 1);
            if (start < _next || start > End || End - start < size)
            {
                throw new InvalidOperationException(
                    $"Address pool '{Name}' [0x{Start:x}, 0x{End:x}) cannot fit 0x{size:x} bytes aligned to 0x{alignment:x} (0x{_next - Start:x} bytes used).");
            }

            _next = start + size;
            return start;
        }
    }
}
