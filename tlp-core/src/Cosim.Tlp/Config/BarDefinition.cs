using System.Numerics;

namespace Cosim.Tlp.Config;

/// <summary>
/// One Base Address register as a function declares it: its slot, kind, size and prefetchability. Sizes are checked
/// here, at declaration, and a bad one throws with a message that names the BAR.
/// </summary>
/// <remarks>
/// PCI Local Bus 3.0 §6.2.5.1: memory BARs have bits 3:0 read-only (Memory Space Indicator, Type, Prefetchable), so
/// the smallest memory range is 16 bytes; I/O BARs have bits 1:0 read-only, so the smallest is 4 bytes, and "Devices
/// that map control functions into I/O Space must not consume more than 256 bytes per I/O Base Address register".
/// A 32-bit memory BAR must leave bit 31 writable, so it decodes at most 2 GiB.
/// </remarks>
public sealed record BarDefinition
{
    /// <summary>Number of Base Address registers in a type-0 header.</summary>
    public const int Count = 6;

    /// <summary>Smallest memory BAR: bits 3:0 are read-only.</summary>
    public const ulong MinimumMemorySize = 16;

    /// <summary>Smallest I/O BAR: bits 1:0 are read-only.</summary>
    public const ulong MinimumIoSize = 4;

    /// <summary>Largest I/O BAR (PCI Local Bus 3.0 §6.2.5.1).</summary>
    public const ulong MaximumIoSize = 256;

    /// <summary>Largest 32-bit memory BAR: bit 31 is the highest address bit and must be writable.</summary>
    public const ulong MaximumMemory32Size = 1UL << 31;

    /// <summary>Largest 64-bit memory BAR: bit 63 must be writable.</summary>
    public const ulong MaximumMemory64Size = 1UL << 63;

    private BarDefinition(int index, BarKind kind, ulong size, bool prefetchable)
    {
        string name = $"BAR{index}";
        if (index is < 0 or >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{name}: a type-0 header has BAR0-BAR5.");
        }

        if (kind == BarKind.Memory64 && index == Count - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{name}: a 64-bit BAR uses two slots, and BAR5 has no upper half.");
        }

        if (!BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"{name}: size {size} (0x{size:X}) is not a power of two.");
        }

        (ulong minimum, ulong maximum) = kind switch
        {
            BarKind.Io => (MinimumIoSize, MaximumIoSize),
            BarKind.Memory32 => (MinimumMemorySize, MaximumMemory32Size),
            _ => (MinimumMemorySize, MaximumMemory64Size),
        };
        if (size < minimum || size > maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"{name}: a {kind} BAR is {minimum} bytes to 0x{maximum:X} bytes, not {size} (0x{size:X}).");
        }

        Index = index;
        Kind = kind;
        Size = size;
        Prefetchable = prefetchable;
    }

    /// <summary>BAR number 0-5 (for a 64-bit BAR, the lower of its two slots).</summary>
    public int Index { get; }

    /// <summary>Memory32, Memory64 or Io.</summary>
    public BarKind Kind { get; }

    /// <summary>Bytes decoded: a power of two.</summary>
    public ulong Size { get; }

    /// <summary>Prefetchable (bit 3 of a memory BAR): reads have no side effects and writes may be merged.</summary>
    public bool Prefetchable { get; }

    /// <summary>True for the two memory kinds.</summary>
    public bool IsMemory => Kind != BarKind.Io;

    /// <summary>Slots the BAR occupies: 2 for a 64-bit BAR, else 1.</summary>
    public int SlotCount => Kind == BarKind.Memory64 ? 2 : 1;

    /// <summary>A 32-bit memory BAR at slot <paramref name="index"/>.</summary>
    public static BarDefinition Memory32(int index, ulong size, bool prefetchable = false) =>
        new(index, BarKind.Memory32, size, prefetchable);

    /// <summary>A 64-bit memory BAR at slots <paramref name="index"/> and <paramref name="index"/> + 1.</summary>
    public static BarDefinition Memory64(int index, ulong size, bool prefetchable = false) =>
        new(index, BarKind.Memory64, size, prefetchable);

    /// <summary>An I/O BAR at slot <paramref name="index"/>.</summary>
    public static BarDefinition Io(int index, ulong size) =>
        new(index, BarKind.Io, size, prefetchable: false);
}
