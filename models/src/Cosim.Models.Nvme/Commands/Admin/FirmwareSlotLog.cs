using System.Text;

namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>The Firmware Slot Information log page, LID 03h (NVMe Base 1.4 §5.14.1.3, Figure 197): 512 bytes.</summary>
internal static class FirmwareSlotLog
{
    /// <summary>Size of the page.</summary>
    public const int Size = 512;

    /// <summary>AFI: the running firmware is from slot 1 (bits 2:0); no activation pending.</summary>
    public const byte ActiveFirmwareInfo = 1;

    private const byte Space = (byte)' ';

    /// <summary>Writes the page into <paramref name="data"/> (zeroed, <see cref="Size"/> bytes).</summary>
    public static void Write(Span<byte> data, ControllerProfile profile)
    {
        data[(int)Field.ActiveFirmwareInfo] = ActiveFirmwareInfo;
        Span<byte> slot1 = data.Slice((int)Field.FirmwareRevisionSlot1, NvmeOptions.FirmwareRevisionLength);
        slot1.Fill(Space);
        Encoding.ASCII.GetBytes(profile.FirmwareRevision, slot1);
    }

    // Byte offsets (Figure 197).
    private enum Field
    {
        ActiveFirmwareInfo = 0,
        FirmwareRevisionSlot1 = 8,
    }
}
