namespace Cosim.Models.Nvme;

/// <summary>CSTS.SHST (NVMe Base 1.4 §3.1.6).</summary>
internal enum ShutdownStatus : ulong
{
    /// <summary>00b: normal operation, no shutdown requested.</summary>
    Normal = 0b00,

    /// <summary>01b: shutdown processing occurring.</summary>
    Occurring = 0b01,

    /// <summary>10b: shutdown processing complete.</summary>
    Complete = 0b10,
}
