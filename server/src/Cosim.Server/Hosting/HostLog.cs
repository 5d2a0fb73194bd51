using Microsoft.Extensions.Logging;

namespace Cosim.Server.Hosting;

/// <summary>Log lines of the host: what runs where.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "device {Device} '{Name}' ({Model}): vfio-user socket {Socket}")]
    public static partial void DeviceOnSocket(this ILogger logger, int device, string name, string model, string socket);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "device {Device} '{Name}' ({Model}): served on the Cosim link")]
    public static partial void DeviceOnLink(this ILogger logger, int device, string name, string model);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "device {Device} '{Name}': vfio-user socket {Socket}, forwarded to {Server}")]
    public static partial void EndpointDevice(this ILogger logger, int device, string name, string socket, string server);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "recording every TLP to {File}")]
    public static partial void Tracing(this ILogger logger, string file);
}
