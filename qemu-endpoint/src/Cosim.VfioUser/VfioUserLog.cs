using Cosim.Tlp;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser;

/// <summary>
/// Every log line of the vfio-user server, source-generated with stable event ids. Warnings name the vfio-user
/// message id and command, or carry the TLP that caused them.
/// </summary>
internal static partial class VfioUserLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "vfio-user server listening on {SocketPath}")]
    public static partial void Listening(this ILogger logger, string socketPath);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "vfio-user client {Connection} connected")]
    public static partial void ClientConnected(this ILogger logger, int connection);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "vfio-user client {Connection} disconnected ({Reason}); DMA maps and IRQ fds released, device reset")]
    public static partial void ClientDisconnected(this ILogger logger, int connection, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "vfio-user client {Connection} dropped: malformed message id 0x{MessageId:x4} ({Command}), field {Field} = 0x{Value:x}")]
    public static partial void ProtocolViolation(this ILogger logger, int connection, ushort messageId, VfioUserCommand command, string field, ulong value, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "vfio-user client {Connection} dropped after a transport error")]
    public static partial void TransportFailed(this ILogger logger, int connection, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "vfio-user server on {SocketPath} stopped")]
    public static partial void Stopped(this ILogger logger, string socketPath);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "vfio-user accept loop on {SocketPath} failed")]
    public static partial void AcceptFailed(this ILogger logger, string socketPath, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "vfio-user connection {Connection} failed unexpectedly")]
    public static partial void ConnectionCrashed(this ILogger logger, int connection, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Trace, Message = "<< id 0x{MessageId:x4} {Command} size {Size} flags 0x{Flags:x} fds {FdCount}")]
    public static partial void MessageReceived(this ILogger logger, ushort messageId, VfioUserCommand command, uint size, uint flags, int fdCount);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "id 0x{MessageId:x4} {Command}: unsupported command, answered with an error")]
    public static partial void UnsupportedCommand(this ILogger logger, ushort messageId, VfioUserCommand command);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "id 0x{MessageId:x4} {Command}: rejected with errno {Errno}: {Field} = 0x{Value:x}")]
    public static partial void RequestRejected(this ILogger logger, ushort messageId, VfioUserCommand command, Errno errno, string field, ulong value);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "id 0x{MessageId:x4} {Command}: region {Region} offset 0x{Offset:x}: the function's request (tag {Tag}) {Outcome}")]
    public static partial void RegionAccessFailed(this ILogger logger, ushort messageId, VfioUserCommand command, uint region, ulong offset, ushort tag, RequestOutcome outcome);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "id 0x{MessageId:x4} {Command}: a reply matching no request of ours, discarded")]
    public static partial void UnexpectedReply(this ILogger logger, ushort messageId, VfioUserCommand command);

    [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "id 0x{MessageId:x4} DMA_MAP 0x{Address:x} +0x{Size:x} flags {Flags} {Backing}")]
    public static partial void DmaMapped(this ILogger logger, ushort messageId, ulong address, ulong size, DmaMapFlags flags, string backing);

    [LoggerMessage(EventId = 16, Level = LogLevel.Debug, Message = "id 0x{MessageId:x4} DMA_UNMAP 0x{Address:x} +0x{Size:x}: {Removed} range(s) removed")]
    public static partial void DmaUnmapped(this ILogger logger, ushort messageId, ulong address, ulong size, int removed);

    [LoggerMessage(EventId = 17, Level = LogLevel.Debug, Message = "id 0x{MessageId:x4} SET_IRQS index {Index} flags {Flags} start {Start} count {Count} fds {FdCount}")]
    public static partial void IrqsSet(this ILogger logger, ushort messageId, IrqIndex index, IrqSetFlags flags, uint start, uint count, int fdCount);

    [LoggerMessage(EventId = 18, Level = LogLevel.Debug, Message = "id 0x{MessageId:x4} DEVICE_RESET: function reset")]
    public static partial void DeviceReset(this ILogger logger, ushort messageId);

    [LoggerMessage(EventId = 19, Level = LogLevel.Debug, Message = "MSI-X table entries {Start}..{End} programmed at 0x{Address:x} (address 0xFEE00000, data = entry, unmasked)")]
    public static partial void MsixTableProgrammed(this ILogger logger, uint start, uint end, ulong address);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "function probed: BAR sizes 0x{Bar0:x} 0x{Bar1:x} 0x{Bar2:x} 0x{Bar3:x} 0x{Bar4:x} 0x{Bar5:x} ROM 0x{Rom:x}, interrupt pin {Pin}, MSI vectors {MsiVectors}, MSI-X vectors {MsixVectors}")]
    public static partial void DeviceProbed(this ILogger logger, ulong bar0, ulong bar1, ulong bar2, ulong bar3, ulong bar4, ulong bar5, ulong rom, byte pin, int msiVectors, int msixVectors);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "BAR slot {Slot} sizes to 0x{Size:x}, not a power of 2: hidden (QEMU would abort)")]
    public static partial void BarSizeNotPowerOfTwo(this ILogger logger, int slot, ulong size);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "Interrupt Pin reads {Pin}, not 0-4: reported as no INTx")]
    public static partial void InvalidInterruptPin(this ILogger logger, byte pin);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "probe: CfgRd at 0x{Offset:x} {Outcome}; read as 0")]
    public static partial void ProbeReadFailed(this ILogger logger, int offset, RequestOutcome outcome);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "probe: CfgWr at 0x{Offset:x} {Outcome}")]
    public static partial void ProbeWriteFailed(this ILogger logger, int offset, RequestOutcome outcome);

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "device read of unmapped guest memory 0x{Address:x} +{Length}: UR. {Tlp}")]
    public static partial void DmaReadUnmapped(this ILogger logger, ulong address, int length, TlpHeader tlp);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "device write to guest memory 0x{Address:x} +{Length} dropped ({Access}). {Tlp}")]
    public static partial void DmaWriteDropped(this ILogger logger, ulong address, int length, GuestMemory.Access access, TlpHeader tlp);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "DMA message for guest memory 0x{Address:x} +{Length} failed with errno {Errno}. {Tlp}")]
    public static partial void DmaMessageFailed(this ILogger logger, ulong address, int length, Errno errno, TlpHeader tlp);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "completion that answers no request of the endpoint, dropped. {Tlp}")]
    public static partial void UnexpectedCompletion(this ILogger logger, TlpHeader tlp);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "device request the root complex does not support. {Tlp}")]
    public static partial void UnsupportedDeviceRequest(this ILogger logger, TlpHeader tlp);

    [LoggerMessage(EventId = 45, Level = LogLevel.Debug, Message = "device message ignored. {Tlp}")]
    public static partial void IgnoredDeviceMessage(this ILogger logger, TlpHeader tlp);

    [LoggerMessage(EventId = 46, Level = LogLevel.Warning, Message = "MSI-X write with data {Data} names no vector of the table, dropped. {Tlp}")]
    public static partial void InterruptWithoutVector(this ILogger logger, uint data, TlpHeader tlp);

    [LoggerMessage(EventId = 47, Level = LogLevel.Warning, Message = "interrupt write (data 0x{Data:x}) while neither MSI nor MSI-X is enabled, dropped. {Tlp}")]
    public static partial void InterruptWhileDisabled(this ILogger logger, uint data, TlpHeader tlp);

    [LoggerMessage(EventId = 48, Level = LogLevel.Error, Message = "handling a deferred device request failed. {Tlp}")]
    public static partial void DeviceRequestFailed(this ILogger logger, TlpHeader tlp, Exception exception);
}
