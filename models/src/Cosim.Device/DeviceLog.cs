using Microsoft.Extensions.Logging;

namespace Cosim.Device;

/// <summary>Log messages of the device-author API (stable event ids).</summary>
internal static partial class DeviceLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Unimplemented register: {Access} of {Bar} offset 0x{Offset:x} (logged once per offset)")]
    public static partial void UnimplementedRegister(ILogger logger, string access, string bar, ulong offset);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Device}: refused a request ({Reason}), logged once: {Tlp}")]
    public static partial void RequestRefused(ILogger logger, string device, string reason, string tlp);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Message ignored: {Tlp}")]
    public static partial void MessageIgnored(ILogger logger, string tlp);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "{Device}: DMA {Direction} of {Length} bytes at 0x{Address:x} refused: Bus Master Enable is clear (logged once)")]
    public static partial void DmaWithoutBusMaster(ILogger logger, string device, string direction, int length, ulong address);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "{Device}: DMA read completion rejected ({Mismatch}): {Tlp}")]
    public static partial void CompletionRejected(ILogger logger, string device, string mismatch, string tlp);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Refused access: {Access} of {Length} bytes at {Bar} offset 0x{Offset:x}, not an access {RefusedBy} accepts (logged once per offset)")]
    public static partial void AccessRefused(ILogger logger, string access, int length, string bar, ulong offset, string refusedBy);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "{Device}: interrupt not sent: {Reason}")]
    public static partial void InterruptNotSent(ILogger logger, string device, string reason);
}

