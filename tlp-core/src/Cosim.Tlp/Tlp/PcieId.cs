using System.Globalization;

namespace Cosim.Tlp;

/// <summary>
/// A Routing ID: Bus Number[15:8], Device Number[7:3], Function Number[2:0] (PCIe Base 6.0 §2.2.4.2).
/// Printed as <c>bb:dd.f</c>, like lspci.
/// </summary>
public readonly record struct PcieId(ushort Value)
{
    /// <summary>Bus Number, bits 15:8.</summary>
    public byte Bus => (byte)(Value >> 8);

    /// <summary>Device Number, bits 7:3.</summary>
    public byte Device => (byte)((Value >> 3) & 0x1F);

    /// <summary>Function Number, bits 2:0.</summary>
    public byte Function => (byte)(Value & 0x7);

    /// <summary>Builds an ID from bus, device (0-31) and function (0-7) numbers.</summary>
    public static PcieId From(byte bus, byte device, byte function)
    {
        if (device > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(device), device, "Device Number is 5 bits (0-31).");
        }

        if (function > 7)
        {
            throw new ArgumentOutOfRangeException(nameof(function), function, "Function Number is 3 bits (0-7).");
        }

        return new PcieId((ushort)((bus << 8) | (device << 3) | function));
    }

    /// <summary>Formats as <c>bb:dd.f</c> in hex.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Bus:x2}:{Device:x2}.{Function:x}");
}
