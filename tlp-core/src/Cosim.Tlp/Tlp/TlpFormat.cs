namespace Cosim.Tlp;

/// <summary>
/// Fmt[2:0], byte 0 bits 7:5 of every TLP header (PCIe Base 6.0 §2.2.1, Table 2-2):
/// header size (3 or 4 DW) and whether a data payload follows.
/// </summary>
public enum TlpFormat : byte
{
    /// <summary>000b: 3 DW header, no data.</summary>
    ThreeDwNoData = 0b000,

    /// <summary>001b: 4 DW header, no data.</summary>
    FourDwNoData = 0b001,

    /// <summary>010b: 3 DW header, with data.</summary>
    ThreeDwWithData = 0b010,

    /// <summary>011b: 4 DW header, with data.</summary>
    FourDwWithData = 0b011,

    /// <summary>100b: TLP Prefix (not a header; Cosim links do not carry prefixes).</summary>
    TlpPrefix = 0b100,
}
