using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Config;

/// <summary>Base Address registers and the Expansion ROM: declaration, sizing masks and address decode.</summary>
/// <remarks>
/// PCI Local Bus 3.0 §6.2.5.1, PCIe Base 6.0 §7.5.1.2.1, Figures 7-12 and 7-13:
/// <code>
/// Memory BAR: |31 ........................... 4|  3   | 2  1 | 0 |
///             |        Base Address            |Prefet| Type | 0 |   Type 00b: 32-bit, 10b: 64-bit (next BAR = bits 63:32)
/// I/O BAR:    |31 ............................... 2|  1  |  0  |
///             |        Base Address                |  0  |  1  |
/// ROM BAR:    |31 ............. 11|10 ........... 1|    0     |
///             |   ROM Base Address|    Reserved    |ROM Enable|
/// </code>
/// Address bits below the BAR's size are read-only 0, so writing all 1s and reading back gives the size mask with the
/// type bits: the writable mask of each BAR byte is all the sizing logic there is.
/// </remarks>
public sealed partial class ConfigSpace
{
    private const uint MemoryTypeBits = 0xF;
    private const uint IoTypeBits = 0x3;
    private const uint IoSpaceIndicator = 0x1;
    private const uint MemoryType64Bit = 0b10 << 1;
    private const uint PrefetchableBit = 1 << 3;
    private const int BarSize = 4;

    /// <summary>The BAR that occupies slot <paramref name="index"/> (for slot n + 1 of a 64-bit BAR at n, that BAR), or null.</summary>
    public BarDefinition? GetBar(int index)
    {
        CheckBarIndex(index);
        return _barSlots[index];
    }

    /// <summary>
    /// The base address software programmed into the BAR at <paramref name="index"/> (64 bits for a 64-bit BAR), type
    /// bits removed. Throws for an unimplemented slot or the upper half of a 64-bit BAR.
    /// </summary>
    public ulong GetBarAddress(int index)
    {
        BarDefinition bar = GetBar(index) ?? throw new ArgumentException($"BAR{index} is not implemented.", nameof(index));
        if (bar.Index != index)
        {
            throw new ArgumentException($"BAR{index} is the upper half of 64-bit BAR{bar.Index}.", nameof(index));
        }

        return BarAddress(bar);
    }

    /// <summary>
    /// Hit test of a memory (<paramref name="isIo"/> false) or I/O address against the programmed BARs: true with the BAR
    /// (lower slot of a 64-bit pair) and the offset inside it when a BAR of that space decodes the address. Honours
    /// Memory Space Enable and I/O Space Enable, and decodes nothing in D3hot (PCIe Base 6.0 §5.3.1.4.1: only
    /// configuration and message requests are accepted there).
    /// </summary>
    public bool TryDecodeBar(ulong address, bool isIo, out int barIndex, out ulong offset)
    {
        barIndex = -1;
        offset = 0;
        if (!(isIo ? IoSpaceEnable : MemorySpaceEnable) || IsInD3Hot)
        {
            return false;
        }

        for (int i = 0; i < BarDefinition.Count; i++)
        {
            BarDefinition? bar = _barSlots[i];
            if (bar is null || bar.Index != i || (bar.Kind == BarKind.Io) != isIo)
            {
                continue;
            }

            ulong start = BarAddress(bar);
            if (address >= start && address - start < bar.Size)
            {
                barIndex = i;
                offset = address - start;
                return true;
            }
        }

        return false;
    }

    /// <summary>Expansion ROM Base Address as programmed (bits 31:11), or 0 without a ROM.</summary>
    public uint ExpansionRomAddress => _registers.ReadUInt32((int)Type0Register.ExpansionRomBaseAddress) & ExpansionRomAddressMask;

    /// <summary>ROM Enable bit of the Expansion ROM Base Address register.</summary>
    public bool ExpansionRomEnable => (_registers.ReadUInt32((int)Type0Register.ExpansionRomBaseAddress) & ExpansionRomEnableBit) != 0;

    /// <summary>
    /// Hit test against the Expansion ROM: it decodes only when both ROM Enable and Memory Space Enable are set
    /// (PCI Local Bus 3.0 §6.2.5.2).
    /// </summary>
    public bool TryDecodeExpansionRom(ulong address, out ulong offset)
    {
        offset = 0;
        if (ExpansionRom is null || !ExpansionRomEnable || !MemorySpaceEnable || IsInD3Hot)
        {
            return false;
        }

        ulong start = ExpansionRomAddress;
        if (address < start || address - start >= ExpansionRom.Size)
        {
            return false;
        }

        offset = address - start;
        return true;
    }

    private bool IsInD3Hot => PowerManagement?.PowerState == PowerState.D3Hot;

    private static void CheckBarIndex(int index)
    {
        if ((uint)index >= BarDefinition.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "A type-0 header has BAR0-BAR5.");
        }
    }

    private static int BarOffset(int index) => (int)Type0Register.BaseAddress0 + (index * BarSize);

    private ulong BarAddress(BarDefinition bar)
    {
        uint low = _registers.ReadUInt32(BarOffset(bar.Index));
        return bar.Kind switch
        {
            BarKind.Io => low & ~IoTypeBits,
            BarKind.Memory32 => low & ~MemoryTypeBits,
            _ => (low & ~MemoryTypeBits) | ((ulong)_registers.ReadUInt32(BarOffset(bar.Index + 1)) << 32),
        };
    }

    private void PlaceBars(IEnumerable<BarDefinition> bars)
    {
        foreach (BarDefinition bar in bars)
        {
            ArgumentNullException.ThrowIfNull(bar);
            for (int slot = bar.Index; slot < bar.Index + bar.SlotCount; slot++)
            {
                if (_barSlots[slot] is { } taken)
                {
                    throw new ArgumentException($"BAR{bar.Index}: slot {slot} is already used by BAR{taken.Index} ({taken.Kind}).", nameof(bars));
                }

                _barSlots[slot] = bar;
            }
        }
    }

    private void DefineBars()
    {
        for (int i = 0; i < BarDefinition.Count; i++)
        {
            BarDefinition? bar = _barSlots[i];
            ulong sizeMask = bar is null ? 0 : ~(bar.Size - 1);
            (uint powerOn, uint writable) = bar switch
            {
                null => (0u, 0u),
                { Kind: BarKind.Io } => (IoSpaceIndicator, (uint)sizeMask & ~IoTypeBits),
                { Kind: BarKind.Memory64 } when bar.Index != i => (0u, (uint)(sizeMask >> 32)),
                _ => ((bar.Kind == BarKind.Memory64 ? MemoryType64Bit : 0) | (bar.Prefetchable ? PrefetchableBit : 0), (uint)sizeMask & ~MemoryTypeBits),
            };
            _registers.Define(BarOffset(i), BarSize, powerOn, writable, change: bar is null ? ConfigChange.None : ConfigChange.BaseAddress);
        }
    }
}
