using Microsoft.Extensions.Logging;

namespace Cosim.Models.Nvme;

/// <summary>Log messages of <see cref="NvmeController"/> (stable event ids 5300-5399).</summary>
internal static partial class NvmeLog
{
    public const int ControllerEnabledEvent = 5301;
    public const int ControllerResetEvent = 5302;
    public const int ShutdownCompleteEvent = 5303;
    public const int InvalidConfigurationEvent = 5304;
    public const int QueueFailedEvent = 5305;
    public const int InvalidDoorbellEvent = 5306;
    public const int InvalidDoorbellValueEvent = 5307;
    public const int InvalidAdminOpcodeEvent = 5308;
    public const int UnsupportedIdentifyEvent = 5309;
    public const int UnsupportedFeatureEvent = 5310;
    public const int UnsupportedLogPageEvent = 5311;
    public const int CommandFailedEvent = 5312;
    public const int QueueWorkerFailedEvent = 5313;
    public const int StoreFailedEvent = 5314;
    public const int QueueCreatedEvent = 5315;
    public const int QueueDeletedEvent = 5316;
    public const int WriteCacheChangedEvent = 5317;
    public const int LifecycleFailedEvent = 5318;

    [LoggerMessage(EventId = ControllerEnabledEvent, Level = LogLevel.Debug, Message = "nvme: controller enabled: admin SQ {SubmissionQueueSize} entries at 0x{SubmissionQueueBase:x}, CQ {CompletionQueueSize} entries at 0x{CompletionQueueBase:x}, {PageSize}-byte pages")]
    public static partial void ControllerEnabled(ILogger logger, int submissionQueueSize, ulong submissionQueueBase, int completionQueueSize, ulong completionQueueBase, int pageSize);

    [LoggerMessage(EventId = ControllerResetEvent, Level = LogLevel.Debug, Message = "nvme: controller reset ({Reason}); queues deleted, CSTS.RDY = 0")]
    public static partial void ControllerReset(ILogger logger, string reason);

    [LoggerMessage(EventId = ShutdownCompleteEvent, Level = LogLevel.Debug, Message = "nvme: shutdown complete (CC.SHN {Notification}); the namespace file is synced")]
    public static partial void ShutdownComplete(ILogger logger, ulong notification);

    [LoggerMessage(EventId = InvalidConfigurationEvent, Level = LogLevel.Warning, Message = "nvme: CC.EN set with an invalid configuration ({Reason}); CSTS.CFS = 1 until the host resets the controller")]
    public static partial void InvalidConfiguration(ILogger logger, string reason);

    [LoggerMessage(EventId = QueueFailedEvent, Level = LogLevel.Error, Message = "nvme: queue {QueueId}: {What}; CSTS.CFS = 1 (Controller Fatal Status)")]
    public static partial void QueueFailed(ILogger logger, ushort queueId, string what);

    [LoggerMessage(EventId = InvalidDoorbellEvent, Level = LogLevel.Warning, Message = "nvme: write to the {Kind} doorbell of queue {QueueId}, which does not exist; ignored (logged once)")]
    public static partial void InvalidDoorbell(ILogger logger, string kind, int queueId);

    [LoggerMessage(EventId = InvalidDoorbellValueEvent, Level = LogLevel.Warning, Message = "nvme: invalid {Kind} doorbell value {Value} for queue {QueueId}; ignored (logged once)")]
    public static partial void InvalidDoorbellValue(ILogger logger, string kind, int queueId, ulong value);

    [LoggerMessage(EventId = InvalidAdminOpcodeEvent, Level = LogLevel.Information, Message = "nvme: admin opcode 0x{Opcode:x2} is not implemented: Invalid Command Opcode (logged once)")]
    public static partial void InvalidAdminOpcode(ILogger logger, byte opcode);

    [LoggerMessage(EventId = UnsupportedIdentifyEvent, Level = LogLevel.Information, Message = "nvme: Identify CNS 0x{Structure:x2} is not implemented: Invalid Field in Command (logged once)")]
    public static partial void UnsupportedIdentify(ILogger logger, byte structure);

    [LoggerMessage(EventId = UnsupportedFeatureEvent, Level = LogLevel.Information, Message = "nvme: feature 0x{Feature:x2} is not implemented: Invalid Field in Command (logged once)")]
    public static partial void UnsupportedFeature(ILogger logger, byte feature);

    [LoggerMessage(EventId = UnsupportedLogPageEvent, Level = LogLevel.Information, Message = "nvme: log page 0x{LogPage:x2} is not kept: Invalid Log Page (logged once)")]
    public static partial void UnsupportedLogPage(ILogger logger, byte logPage);

    [LoggerMessage(EventId = CommandFailedEvent, Level = LogLevel.Error, Message = "nvme: SQ {QueueId} command 0x{CommandId:x4} (opcode 0x{Opcode:x2}) failed inside the model: Internal Error")]
    public static partial void CommandFailed(ILogger logger, Exception exception, ushort queueId, ushort commandId, byte opcode);

    [LoggerMessage(EventId = QueueWorkerFailedEvent, Level = LogLevel.Error, Message = "nvme: the worker of SQ {QueueId} failed")]
    public static partial void QueueWorkerFailed(ILogger logger, Exception exception, ushort queueId);

    [LoggerMessage(EventId = StoreFailedEvent, Level = LogLevel.Error, Message = "nvme: {Operation} of {Length} bytes at {Offset} in '{Path}' failed: reported as a media error")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string operation, string path, long offset, long length);

    [LoggerMessage(EventId = QueueCreatedEvent, Level = LogLevel.Debug, Message = "nvme: I/O {Kind} queue {QueueId} created: {Size} entries at 0x{BaseAddress:x}")]
    public static partial void QueueCreated(ILogger logger, string kind, int queueId, int size, ulong baseAddress);

    [LoggerMessage(EventId = QueueDeletedEvent, Level = LogLevel.Debug, Message = "nvme: I/O {Kind} queue {QueueId} deleted")]
    public static partial void QueueDeleted(ILogger logger, string kind, int queueId);

    [LoggerMessage(EventId = WriteCacheChangedEvent, Level = LogLevel.Debug, Message = "nvme: volatile write cache {Enabled}")]
    public static partial void WriteCacheChanged(ILogger logger, bool enabled);

    [LoggerMessage(EventId = LifecycleFailedEvent, Level = LogLevel.Error, Message = "nvme: an enable, reset or shutdown failed inside the model; CSTS.CFS = 1")]
    public static partial void LifecycleFailed(ILogger logger, Exception exception);
}
