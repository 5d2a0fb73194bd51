using System.Numerics;

namespace Cosim.Tlp.Config;

/// <summary>
/// The Expansion ROM Base Address register as a function declares it (PCI Local Bus 3.0 §6.2.5.2, PCIe Base 6.0
/// §7.5.1.2.4): bit 0 ROM Enable, bits 10:1 reserved, bits 31:11 the address; so the ROM is at least 2 KiB, and
/// "The amount of address space a device requests must not be greater than 16 MB".
/// </summary>
public sealed record ExpansionRomDefinition
{
    /// <summary>Smallest ROM: address bits start at bit 11.</summary>
    public const uint MinimumSize = 2 * 1024;

    /// <summary>Largest ROM.</summary>
    public const uint MaximumSize = 16 * 1024 * 1024;

    /// <summary>Declares a ROM of <paramref name="size"/> bytes, a power of two from 2 KiB to 16 MiB.</summary>
    public ExpansionRomDefinition(uint size)
    {
        if (!BitOperations.IsPow2(size) || size < MinimumSize || size > MaximumSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Expansion ROM: size {size} (0x{size:X}) must be a power of two from 2 KiB to 16 MiB.");
        }

        Size = size;
    }

    /// <summary>Bytes decoded.</summary>
    public uint Size { get; }
}
