using Microsoft.Extensions.Logging;

namespace Cosim.Server.Models;

internal static partial class RtlLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "RTL build: {Line}")]
    public static partial void BuildProgress(ILogger logger, string line);
}
