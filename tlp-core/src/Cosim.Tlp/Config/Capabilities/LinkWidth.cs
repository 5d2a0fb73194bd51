namespace Cosim.Tlp.Config.Capabilities;

/// <summary>Maximum Link Width / Negotiated Link Width encodings (PCIe Base 6.0 §7.5.3.6): the lane count.</summary>
public enum LinkWidth : byte
{
    /// <summary>x1.</summary>
    X1 = 1,

    /// <summary>x2.</summary>
    X2 = 2,

    /// <summary>x4.</summary>
    X4 = 4,

    /// <summary>x8.</summary>
    X8 = 8,

    /// <summary>x12.</summary>
    X12 = 12,

    /// <summary>x16.</summary>
    X16 = 16,

    /// <summary>x32.</summary>
    X32 = 32,
}
