using Cosim.Device.Dma;
using Microsoft.Extensions.Logging;

namespace Cosim.Models.Edu;

/// <summary>Log messages of <see cref="EduDevice"/> (stable event ids 5200-5299).</summary>
internal static partial class EduLog
{
    public const int DmaOutOfBufferEvent = 5201;
    public const int DmaReadFailedEvent = 5202;
    public const int DmaAbortedEvent = 5203;

    [LoggerMessage(EventId = DmaOutOfBufferEvent, Level = LogLevel.Warning, Message = "edu: DMA of {Count} bytes at device address 0x{Address:x} is outside the 4 KiB buffer at 0x40000; transfer skipped (logged once)")]
    public static partial void DmaOutOfBuffer(ILogger logger, ulong address, ulong count);

    [LoggerMessage(EventId = DmaReadFailedEvent, Level = LogLevel.Information, Message = "edu: DMA read of {Length} bytes at host address 0x{Address:x} failed ({Status}); the buffer gets zeros")]
    public static partial void DmaReadFailed(ILogger logger, ulong address, int length, DmaStatus status);

    [LoggerMessage(EventId = DmaAbortedEvent, Level = LogLevel.Error, Message = "edu: DMA of {Count} bytes aborted by the DMA engine; completed without data")]
    public static partial void DmaAborted(ILogger logger, Exception exception, ulong count);
}
