using System.Buffers.Binary;

namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>The SMART / Health Information log page, LID 02h (NVMe Base 1.4 §5.14.1.2, Figure 196): 512 bytes.</summary>
internal static class SmartHealthLog
{
    /// <summary>Size of the page.</summary>
    public const int Size = 512;

    /// <summary>Composite Temperature: 313 K (40 °C).</summary>
    public const ushort CompositeTemperature = 313;

    /// <summary>Available Spare: 100 %.</summary>
    public const byte AvailableSpare = 100;

    /// <summary>Available Spare Threshold: 10 %.</summary>
    public const byte AvailableSpareThreshold = 10;

    // "Data Units Read ... reported in thousands of units of 512 bytes ... rounded up".
    private const long DataUnitBytes = 512 * 1000;

    /// <summary>Writes the page into <paramref name="data"/> (zeroed, <see cref="Size"/> bytes).</summary>
    public static void Write(Span<byte> data, HealthCounters counters)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(data[(int)Field.CompositeTemperature..], CompositeTemperature);
        data[(int)Field.AvailableSpare] = AvailableSpare;
        data[(int)Field.AvailableSpareThreshold] = AvailableSpareThreshold;
        WriteUInt128(data[(int)Field.DataUnitsRead..], (ulong)((counters.BytesRead + DataUnitBytes - 1) / DataUnitBytes));
        WriteUInt128(data[(int)Field.DataUnitsWritten..], (ulong)((counters.BytesWritten + DataUnitBytes - 1) / DataUnitBytes));
        WriteUInt128(data[(int)Field.HostReadCommands..], (ulong)counters.ReadCommands);
        WriteUInt128(data[(int)Field.HostWriteCommands..], (ulong)counters.WriteCommands);
        WriteUInt128(data[(int)Field.PowerCycles..], 1);
        WriteUInt128(data[(int)Field.PowerOnHours..], (ulong)counters.PowerOnTime.TotalHours);
        WriteUInt128(data[(int)Field.MediaAndDataIntegrityErrors..], (ulong)counters.MediaErrors);
    }

    private static void WriteUInt128(Span<byte> field, ulong value) => BinaryPrimitives.WriteUInt128LittleEndian(field, value);

    // Byte offsets (Figure 196). Critical Warning (0), Percentage Used (5) and Unsafe Shutdowns (144) stay 0.
    private enum Field
    {
        CompositeTemperature = 1,
        AvailableSpare = 3,
        AvailableSpareThreshold = 4,
        DataUnitsRead = 32,
        DataUnitsWritten = 48,
        HostReadCommands = 64,
        HostWriteCommands = 80,
        PowerCycles = 112,
        PowerOnHours = 128,
        MediaAndDataIntegrityErrors = 160,
    }
}
