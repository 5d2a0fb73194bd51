using Microsoft.Extensions.Logging;

namespace Cosim.Server.Injection;

/// <summary>Log lines of error injection.</summary>
internal static partial class InjectionLog
{
    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "device '{Device}': injected {Rule} on {Tlp}")]
    public static partial void Injected(ILogger logger, string device, string rule, string tlp);

    [LoggerMessage(EventId = 411, Level = LogLevel.Information, Message = "device '{Device}': error injection armed: {Rule}")]
    public static partial void Armed(ILogger logger, string device, string rule);
}
