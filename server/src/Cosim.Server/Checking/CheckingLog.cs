using Cosim.Tlp.Checking;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Checking;

/// <summary>Log lines of the TLP protocol checker.</summary>
internal static partial class CheckingLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "device '{Device}': TLP protocol violation {Rule} ({Direction}): {Detail}: {Tlp}")]
    public static partial void Violation(ILogger logger, string device, CheckerRule rule, LinkDirection direction, string detail, string tlp);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "device '{Device}': TLP protocol checker on (Completion Timeout {CompletionTimeout})")]
    public static partial void Enabled(ILogger logger, string device, TimeSpan completionTimeout);
}
