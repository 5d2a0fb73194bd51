namespace Cosim.Models.Nvme.Commands;

/// <summary>NVM command set opcodes (NVMe Base 1.4 §6, Figure 346) that the controller implements.</summary>
internal enum IoOpcode : byte
{
    /// <summary>Flush: the volatile write cache reaches non-volatile media (fsync of the file).</summary>
    Flush = 0x00,

    /// <summary>Write.</summary>
    Write = 0x01,

    /// <summary>Read.</summary>
    Read = 0x02,

    /// <summary>Write Zeroes.</summary>
    WriteZeroes = 0x08,

    /// <summary>Dataset Management.</summary>
    DatasetManagement = 0x09,
}
