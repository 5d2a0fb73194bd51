using Cosim.Tlp.Link;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Link;

/// <summary>Every log line of the Cosim link (server, endpoint, connections), source-generated with stable event ids.</summary>
internal static partial class LinkLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Cosim link listening on {Address} ({Authentication})")]
    public static partial void Listening(this ILogger logger, string address, string authentication);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "{Connection}: established (max frame {MaxFrameBodyLength} bytes, idle timeout {IdleTimeout})")]
    public static partial void Established(this ILogger logger, string connection, int maxFrameBodyLength, TimeSpan idleTimeout);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "{Connection}: closed ({Reason})")]
    public static partial void Closed(this ILogger logger, string connection, LinkCloseReason reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Connection}: link dropped ({Reason})")]
    public static partial void Dropped(this ILogger logger, string connection, LinkCloseReason reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "{Connection}: accepted")]
    public static partial void Accepted(this ILogger logger, string connection);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "{Connection}: internal error; the link is closed")]
    public static partial void ConnectionFailed(this ILogger logger, string connection, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error, Message = "Cosim link accept loop on {Address} failed")]
    public static partial void AcceptFailed(this ILogger logger, string address, Exception exception);

    [LoggerMessage(EventId = 107, Level = LogLevel.Debug, Message = "{Connection}: keep-alive answered, round trip {RoundTrip}")]
    public static partial void KeepAliveAnswered(this ILogger logger, string connection, TimeSpan roundTrip);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "device {Device} '{Name}': reset because {Connection} ended; its outstanding requests were dropped")]
    public static partial void DeviceResetAfterDrop(this ILogger logger, int device, string name, string connection);

    [LoggerMessage(EventId = 111, Level = LogLevel.Debug, Message = "device {Device} '{Name}': DeviceReset from {Connection}")]
    public static partial void DeviceResetByPeer(this ILogger logger, int device, string name, string connection);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "device {Device} '{Name}': the model threw on {Tlp}; answered with Unsupported Request")]
    public static partial void ModelFailed(this ILogger logger, int device, string name, string tlp, Exception exception);

    [LoggerMessage(EventId = 113, Level = LogLevel.Debug, Message = "device {Device} '{Name}': no link; {Tlp} answered with Unsupported Request")]
    public static partial void DeviceRequestWithoutLink(this ILogger logger, int device, string name, string tlp);

    [LoggerMessage(EventId = 114, Level = LogLevel.Debug, Message = "device {Device} '{Name}': no link; posted {Tlp} dropped")]
    public static partial void DevicePostedWithoutLink(this ILogger logger, int device, string name, string tlp);

    [LoggerMessage(EventId = 115, Level = LogLevel.Information, Message = "device {Device} '{Name}': served to {Connection}")]
    public static partial void DeviceClaimed(this ILogger logger, int device, string name, string connection);

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "endpoint: connecting to {Server}")]
    public static partial void Connecting(this ILogger logger, string server);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "endpoint: cannot connect to {Server} ({Error}); retrying in {Delay}")]
    public static partial void ConnectFailed(this ILogger logger, string server, string error, TimeSpan delay);

    [LoggerMessage(EventId = 122, Level = LogLevel.Information, Message = "endpoint: reconnecting to {Server} in {Delay}")]
    public static partial void Reconnecting(this ILogger logger, string server, TimeSpan delay);

    [LoggerMessage(EventId = 123, Level = LogLevel.Warning, Message = "device {Device} '{Name}': link down; {Count} outstanding request(s) answered with Unsupported Request")]
    public static partial void OutstandingFailed(this ILogger logger, int device, string name, int count);

    [LoggerMessage(EventId = 124, Level = LogLevel.Debug, Message = "device {Device} '{Name}': link down; {Tlp} answered with Unsupported Request")]
    public static partial void RequestWithoutLink(this ILogger logger, int device, string name, string tlp);

    [LoggerMessage(EventId = 125, Level = LogLevel.Debug, Message = "device {Device} '{Name}': link down; posted {Tlp} dropped")]
    public static partial void PostedWithoutLink(this ILogger logger, int device, string name, string tlp);

    [LoggerMessage(EventId = 126, Level = LogLevel.Information, Message = "device {Device} '{Name}': the server reset the device; {Count} outstanding request(s) answered with Unsupported Request")]
    public static partial void ResetByServer(this ILogger logger, int device, string name, int count);

    [LoggerMessage(EventId = 130, Level = LogLevel.Debug, Message = "{Connection}: peer error {Code}: {Message}")]
    public static partial void PeerError(this ILogger logger, string connection, LinkErrorCode code, string message);
}
