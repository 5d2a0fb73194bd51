using System.Globalization;

namespace Cosim.Tlp.Link;

/// <summary>
/// Frame header bytes 12-14: which device and function a Tlps or DeviceReset frame concerns. Device is the
/// server's topology index (not a PCIe bus/device number); Function is the PCIe Function Number (0-7, or 0-255
/// with ARI). Control frames carry channel 0/0.
/// </summary>
/// <param name="Device">Device index in the server topology.</param>
/// <param name="Function">PCIe Function Number within the device.</param>
public readonly record struct LinkChannel(ushort Device, byte Function)
{
    /// <summary>Formats as <c>device N function F</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"device {Device} function {Function}");
}
