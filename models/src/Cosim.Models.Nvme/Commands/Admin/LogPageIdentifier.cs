namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>Log Page Identifiers the controller implements (NVMe Base 1.4 §5.14.1, Figure 191).</summary>
internal enum LogPageIdentifier : byte
{
    /// <summary>Error Information (64 bytes per entry, ELPE + 1 entries).</summary>
    ErrorInformation = 0x01,

    /// <summary>SMART / Health Information (512 bytes).</summary>
    SmartHealthInformation = 0x02,

    /// <summary>Firmware Slot Information (512 bytes).</summary>
    FirmwareSlotInformation = 0x03,
}
