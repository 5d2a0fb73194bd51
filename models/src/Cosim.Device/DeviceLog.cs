using Microsoft.Extensions.Logging;

namespace Cosim.Device;

/// <summary>Log messages of the device-author API (stable event ids).</summary>
internal static partial class DeviceLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Unimplemented register: {Access} of {Bar} offset 0x{Offset:x} (logged once per offset)")]
    public static partial void UnimplementedRegister(ILogger logger, string access, string bar, ulong offset);
}
