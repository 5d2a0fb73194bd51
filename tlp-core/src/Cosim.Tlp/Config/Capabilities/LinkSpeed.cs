namespace Cosim.Tlp.Config.Capabilities;

/// <summary>
/// Link speeds as Max Link Speed / Current Link Speed encode them: an index into the Supported Link Speeds Vector of
/// Link Capabilities 2 (PCIe Base 6.0 §7.5.3.6, §7.5.3.18).
/// </summary>
public enum LinkSpeed : byte
{
    /// <summary>0001b: 2.5 GT/s.</summary>
    Rate2Point5GTs = 1,

    /// <summary>0010b: 5.0 GT/s.</summary>
    Rate5GTs = 2,

    /// <summary>0011b: 8.0 GT/s.</summary>
    Rate8GTs = 3,

    /// <summary>0100b: 16.0 GT/s.</summary>
    Rate16GTs = 4,

    /// <summary>0101b: 32.0 GT/s.</summary>
    Rate32GTs = 5,

    /// <summary>0110b: 64.0 GT/s.</summary>
    Rate64GTs = 6,
}
