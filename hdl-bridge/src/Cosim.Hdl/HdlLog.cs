using Microsoft.Extensions.Logging;

namespace Cosim.Hdl;

/// <summary>Log messages of the RTL bridge (stable event ids 61xx).</summary>
internal static partial class HdlLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Error, Message = "{Top}: the RTL broke the TLP-stream interface, TLP dropped: {Error}")]
    public static partial void RtlProtocolError(ILogger logger, string top, string error);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "{Top}: refused a host request ({Reason}), logged once: {Tlp}")]
    public static partial void RequestRefused(ILogger logger, string top, string reason, string tlp);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "{Top}: interrupt not sent: {Reason}")]
    public static partial void InterruptNotSent(ILogger logger, string top, string reason);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Error, Message = "{Top}: the RTL stopped the simulation; the function answers Completer Abort from now on: {Reason}")]
    public static partial void SimulationFailed(ILogger logger, string top, string reason);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "{Top}: still busy after {Cycles} cycles; the clock stops until the next TLP")]
    public static partial void ClockBudgetExhausted(ILogger logger, string top, ulong cycles);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "{Top}: no completion for a DMA read within {TimeoutMilliseconds} ms (Completion Timeout); ended with Completer Abort: {Tlp}")]
    public static partial void DmaCompletionTimeout(ILogger logger, string top, double timeoutMilliseconds, string tlp);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Debug, Message = "{Top}: {Change}")]
    public static partial void StateChanged(ILogger logger, string top, string change);
}
