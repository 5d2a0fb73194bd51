using System.Buffers.Binary;
using System.Text;
using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>
/// The Identify Controller data structure, CNS 01h (NVMe Base 1.4 §5.15.2.2, Figure 247): 4096 bytes. Fields not
/// written are 0 (not supported).
/// </summary>
internal static class IdentifyControllerData
{
    /// <summary>Size of the structure.</summary>
    public const int Size = 4096;

    /// <summary>VER: NVMe 1.4.0.</summary>
    public const uint Version = 0x0001_0400;

    /// <summary>CNTLID.</summary>
    public const ushort ControllerId = 1;

    /// <summary>CNTRLTYPE 01h: I/O controller.</summary>
    public const byte IoController = 1;

    /// <summary>ACL: 0's based, 4 Abort commands at once.</summary>
    public const byte AbortCommandLimit = 3;

    /// <summary>AERL: 0's based, <see cref="AsyncEventQueue.RequestLimit"/> requests.</summary>
    public const byte AsynchronousEventRequestLimit = AsyncEventQueue.RequestLimit - 1;

    /// <summary>FRMW: slot 1 read-only (bit 0), one slot (bits 3:1 = 1).</summary>
    public const byte FirmwareUpdates = 0b0011;

    /// <summary>LPA: SMART per namespace (bit 0), extended data for Get Log Page (bit 2).</summary>
    public const byte LogPageAttributes = 0b0101;

    /// <summary>ELPE: 0's based, one Error Information entry.</summary>
    public const byte ErrorLogPageEntries = 0;

    /// <summary>SQES: required and maximum entry size 2^6 (bits 3:0 and 7:4).</summary>
    public const byte SubmissionQueueEntrySize = (SubmissionQueueEntry.SizeExponent << 4) | SubmissionQueueEntry.SizeExponent;

    /// <summary>CQES: required and maximum entry size 2^4.</summary>
    public const byte CompletionQueueEntrySize = (CompletionQueueEntry.SizeExponent << 4) | CompletionQueueEntry.SizeExponent;

    /// <summary>OACS: Doorbell Buffer Config (bit 8).</summary>
    public const ushort OptionalAdminCommandSupport = 1 << 8;

    /// <summary>ONCS: Dataset Management (bit 2) and Write Zeroes (bit 3).</summary>
    public const ushort OptionalNvmCommandSupport = (1 << 2) | (1 << 3);

    /// <summary>VWC: present (bit 0); Flush with NSID FFFFFFFFh supported (bits 2:1 = 11b).</summary>
    public const byte VolatileWriteCache = 0b111;

    /// <summary>PSD0 MP: maximum power 25.00 W, in centiwatts.</summary>
    public const ushort PowerState0MaxPower = 2500;

    private const byte Space = (byte)' ';

    /// <summary>Writes the structure for <paramref name="profile"/> into <paramref name="data"/> (zeroed, <see cref="Size"/> bytes).</summary>
    public static void Write(Span<byte> data, ControllerProfile profile, ushort vendorId)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(data[(int)Field.VendorId..], vendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(data[(int)Field.SubsystemVendorId..], vendorId);
        WriteAscii(data.Slice((int)Field.SerialNumber, NvmeOptions.SerialNumberLength), profile.SerialNumber);
        WriteAscii(data.Slice((int)Field.ModelNumber, NvmeOptions.ModelNumberLength), profile.ModelNumber);
        WriteAscii(data.Slice((int)Field.FirmwareRevision, NvmeOptions.FirmwareRevisionLength), profile.FirmwareRevision);
        data[(int)Field.MaximumDataTransferSize] = ControllerProfile.MaximumDataTransferSizeExponent;
        BinaryPrimitives.WriteUInt16LittleEndian(data[(int)Field.ControllerId..], ControllerId);
        BinaryPrimitives.WriteUInt32LittleEndian(data[(int)Field.Version..], Version);
        data[(int)Field.ControllerType] = IoController;
        data[(int)Field.AbortCommandLimit] = AbortCommandLimit;
        data[(int)Field.AsynchronousEventRequestLimit] = AsynchronousEventRequestLimit;
        data[(int)Field.FirmwareUpdates] = FirmwareUpdates;
        data[(int)Field.LogPageAttributes] = LogPageAttributes;
        data[(int)Field.ErrorLogPageEntries] = ErrorLogPageEntries;
        data[(int)Field.SubmissionQueueEntrySize] = SubmissionQueueEntrySize;
        data[(int)Field.CompletionQueueEntrySize] = CompletionQueueEntrySize;
        BinaryPrimitives.WriteUInt32LittleEndian(data[(int)Field.NumberOfNamespaces..], ControllerProfile.NamespaceCount);
        BinaryPrimitives.WriteUInt16LittleEndian(data[(int)Field.OptionalAdminCommandSupport..], OptionalAdminCommandSupport);
        BinaryPrimitives.WriteUInt16LittleEndian(data[(int)Field.OptionalNvmCommandSupport..], OptionalNvmCommandSupport);
        data[(int)Field.VolatileWriteCache] = VolatileWriteCache;
        Encoding.ASCII.GetBytes(profile.SubsystemNqn, data[(int)Field.SubsystemNqn..]);
        BinaryPrimitives.WriteUInt16LittleEndian(data[(int)Field.PowerStateDescriptors..], PowerState0MaxPower);
    }

    private static void WriteAscii(Span<byte> field, string value)
    {
        // §1.5: ASCII string fields are left justified and padded with spaces.
        field.Fill(Space);
        Encoding.ASCII.GetBytes(value, field);
    }

    // Byte offsets (Figure 247). KAS (320) stays 0: Keep Alive is not supported. SGLS (536) stays 0: PRPs only.
    private enum Field
    {
        VendorId = 0,
        SubsystemVendorId = 2,
        SerialNumber = 4,
        ModelNumber = 24,
        FirmwareRevision = 64,
        MaximumDataTransferSize = 77,
        ControllerId = 78,
        Version = 80,
        ControllerType = 111,
        OptionalAdminCommandSupport = 256,
        AbortCommandLimit = 258,
        AsynchronousEventRequestLimit = 259,
        FirmwareUpdates = 260,
        LogPageAttributes = 261,
        ErrorLogPageEntries = 262,
        SubmissionQueueEntrySize = 512,
        CompletionQueueEntrySize = 513,
        NumberOfNamespaces = 516,
        OptionalNvmCommandSupport = 520,
        VolatileWriteCache = 525,
        SubsystemNqn = 768,
        PowerStateDescriptors = 2048,
    }
}
