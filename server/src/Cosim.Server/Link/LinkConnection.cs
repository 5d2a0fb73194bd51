using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using Cosim.Tlp;
using Cosim.Tlp.Link;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Link;

/// <summary>
/// One TCP connection of the Cosim link (docs/wire-protocol.md), either side: the handshake, then the traffic phase
/// with keep-alive, until an Error, a protocol violation, a timeout or a dropped socket ends it. Received frames are
/// parsed in the pipe's buffers and dispatched to the <see cref="ILinkPeer"/> on the receive loop itself (the model
/// runs there on the server), and sends go through the combining <see cref="LinkSender"/>: no thread hop either way.
/// </summary>
internal sealed partial class LinkConnection : IDisposable
{
    private static readonly TimeSpan s_closeFlushTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_minimumKeepAliveTick = TimeSpan.FromMilliseconds(10);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly LinkFrameReader _reader = new();
    private readonly LinkSender _sender;
    private readonly LinkHandshake _handshake;
    private readonly ILinkPeer _peer;
    private readonly ILogger _logger;
    private readonly byte[] _scratch = new byte[TlpBatchReader.ScratchBytes];
    private readonly CancellationTokenSource _stopped = new();
    private readonly TaskCompletionSource<LinkCloseReason> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closeDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LinkCloseReason? _closeReason;
    private long _lastReceiveTimestamp = Stopwatch.GetTimestamp();
    private volatile bool _established;

    public LinkConnection(
        Socket socket,
        LinkRole role,
        LinkAuthenticator authenticator,
        LinkOptions options,
        ILinkPeer peer,
        ILogger logger,
        string description)
    {
        _socket = socket;
        _socket.NoDelay = true; // §11: Nagle would hold a lone completion for up to 40 ms.
        _stream = new NetworkStream(socket, ownsSocket: false);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true));
        _sender = new LinkSender(socket, OnSendFailed);
        _handshake = new LinkHandshake(role, authenticator, options, _reader, _sender.Frames);
        _peer = peer;
        _logger = logger;
        Description = description;
    }

    /// <summary>For log lines: <c>link #3 (127.0.0.1:40312)</c>.</summary>
    public string Description { get; }

    /// <summary>True once the handshake completed.</summary>
    public bool IsEstablished => _established;

    /// <summary>The negotiated parameters, once established.</summary>
    public LinkParameters Parameters => _handshake.Parameters;

    /// <summary>Completes with the reason when the connection has ended and the peer was told.</summary>
    public Task<LinkCloseReason> Closed => _closed.Task;

    /// <summary>Queues one TLP for <paramref name="channel"/>; false when the connection is closing or closed.</summary>
    public bool TrySendTlp(LinkChannel channel, in TlpHeader header, ReadOnlySpan<byte> payload) =>
        _established && _sender.TrySendTlp(channel, header, payload);

    /// <summary>Queues a DeviceReset for <paramref name="device"/>; false when closed.</summary>
    public bool SendDeviceReset(ushort device) =>
        _established && _sender.Write(device, static (frames, d) => frames.WriteDeviceReset(d));

    /// <summary>Ends the connection in order: Error Shutdown, then close.</summary>
    public Task ShutdownAsync() => CloseAsync(LinkCloseKind.LocalShutdown, LinkErrorCode.Shutdown, "shutting down", sendError: true);

    /// <summary>Releases the socket if <see cref="RunAsync"/> never ran; RunAsync releases everything itself.</summary>
    public void Dispose()
    {
        _socket.Dispose();
        _stream.Dispose();
        _sender.Dispose();
        _stopped.Dispose();
    }

    /// <summary>Drops the TCP connection without a word, as a crash or a cable pull would (tests).</summary>
    internal void Abort()
    {
        _sender.Abandon();
        _socket.Close(timeout: 0);
    }

    /// <summary>
    /// Runs the connection: handshake (bounded by <paramref name="handshakeTimeout"/>), then traffic until it ends.
    /// Returns why it ended; <see cref="ILinkPeer.OnClosed"/> has been called by then.
    /// </summary>
    public async Task<LinkCloseReason> RunAsync(TimeSpan handshakeTimeout)
    {
        using var handshakeTimer = new Timer(
            static state => ((LinkConnection)state!).OnHandshakeTimeout(),
            this,
            handshakeTimeout,
            Timeout.InfiniteTimeSpan);
        try
        {
            _sender.Write(_handshake, static (_, handshake) => handshake.Start());
            await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (LinkFormatException violation)
        {
            await CloseAsync(LinkCloseKind.ProtocolViolation, violation.ErrorCode, violation.Message, sendError: true).ConfigureAwait(false);
        }
        catch (LinkChannelRefusedException refused)
        {
            await CloseAsync(LinkCloseKind.ProtocolViolation, LinkErrorCode.UnknownChannel, refused.Message, sendError: true).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            await CloseAsync(LinkCloseKind.ConnectionLost, null, e.Message, sendError: false).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.ConnectionFailed(Description, e);
            await CloseAsync(LinkCloseKind.InternalError, LinkErrorCode.InternalError, "internal error", sendError: true).ConfigureAwait(false);
        }
        finally
        {
            await handshakeTimer.DisposeAsync().ConfigureAwait(false);
        }

        // The loop may have ended on EOF with nobody having closed yet.
        await CloseAsync(LinkCloseKind.ConnectionLost, null, "the peer closed the connection", sendError: false).ConfigureAwait(false);
        LinkCloseReason reason = _closeReason!;
        await _input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (reason.Kind is LinkCloseKind.LocalShutdown || (reason.Kind is LinkCloseKind.PeerError && reason.Code == LinkErrorCode.Shutdown))
        {
            _logger.Closed(Description, reason);
        }
        else
        {
            _logger.Dropped(Description, reason);
        }

        try
        {
            _peer.OnClosed(this, reason);
        }
        finally
        {
            _sender.Dispose();
            _closed.TrySetResult(reason);
        }

        return reason;
    }

    // Pipelines shape: ReadAsync, TryReadFrame until it needs more, AdvanceTo in finally, stop on IsCompleted.
    private async Task ReceiveLoopAsync()
    {
        while (true)
        {
            ReadResult result = await _input.ReadAsync().ConfigureAwait(false);
            if (result.IsCanceled)
            {
                return;
            }

            ReadOnlySequence<byte> buffer = result.Buffer;
            bool keepReading = true;
            _sender.BeginDeferring();
            try
            {
                while (keepReading && Volatile.Read(ref _closeReason) is null && _reader.TryReadFrame(ref buffer, out LinkFrame frame))
                {
                    Volatile.Write(ref _lastReceiveTimestamp, Stopwatch.GetTimestamp());
                    keepReading = Dispatch(frame);
                }
            }
            finally
            {
                _input.AdvanceTo(buffer.Start, buffer.End);
                _sender.EndDeferring();
            }

            if (!keepReading || Volatile.Read(ref _closeReason) is not null)
            {
                return;
            }

            if (result.IsCompleted)
            {
                string message = buffer.IsEmpty ? "the peer closed the connection" : "the peer closed the connection inside a frame";
                await CloseAsync(LinkCloseKind.ConnectionLost, null, message, sendError: false).ConfigureAwait(false);
                return;
            }
        }
    }

    // Returns false when the connection must stop reading (the peer sent Error).
    private bool Dispatch(in LinkFrame frame)
    {
        if (frame.Type == LinkFrameType.Error)
        {
            LinkError error = LinkError.Decode(frame);
            _logger.PeerError(Description, error.Code, error.Message);
            _ = CloseAsync(LinkCloseKind.PeerError, error.Code, error.Message, sendError: false);
            return false;
        }

        if (!_established)
        {
            return DispatchHandshake(frame);
        }

        switch (frame.Type)
        {
            case LinkFrameType.Tlps:
                DispatchTlps(frame);
                break;
            case LinkFrameType.DeviceReset:
                Accept(frame.Channel);
                _peer.OnDeviceReset(this, frame.Channel.Device);
                break;
            case LinkFrameType.KeepAlive:
                _sender.Write(LinkKeepAlive.ReadToken(frame), static (frames, token) => frames.WriteKeepAliveAck(token));
                break;
            case LinkFrameType.KeepAliveAck:
                long token = (long)LinkKeepAlive.ReadToken(frame);
                _logger.KeepAliveAnswered(Description, Stopwatch.GetElapsedTime(token));
                break;
            default:
                // The reader's phase check lets only traffic frames through once established.
                throw new UnreachableException($"Frame type {frame.Type} passed the reader's phase check.");
        }

        return true;
    }

    private bool DispatchHandshake(in LinkFrame frame)
    {
        LinkFrame copy = frame;
        _sender.Write((_handshake, copy), static (_, state) => state._handshake.Receive(state.copy));
        if (_handshake.State != LinkHandshakeState.Established)
        {
            return true;
        }

        _established = true;
        LinkParameters parameters = _handshake.Parameters;
        _logger.Established(Description, parameters.MaxFrameBodyLength, parameters.IdleTimeout);
        _peer.OnEstablished(this);
        if (parameters.IdleTimeout > TimeSpan.Zero)
        {
            _ = KeepAliveAsync(parameters.IdleTimeout);
        }

        return true;
    }

    private void DispatchTlps(in LinkFrame frame)
    {
        LinkChannel channel = frame.Channel;
        Accept(channel);
        var batch = new TlpBatchReader(frame, _scratch);
        while (batch.TryReadNext(out TlpHeader header, out ReadOnlySpan<byte> payload))
        {
            _peer.OnTlp(this, channel, header, payload);
        }
    }

    private void Accept(LinkChannel channel)
    {
        if (!_peer.TryAccept(this, channel, out string refusal))
        {
            throw new LinkChannelRefusedException(refusal);
        }
    }

    // §9.2: send KeepAlive after T/3 without sending; declare the link dropped after T without receiving.
    private async Task KeepAliveAsync(TimeSpan idleTimeout)
    {
        TimeSpan tick = idleTimeout / 6;
        using var timer = new PeriodicTimer(tick < s_minimumKeepAliveTick ? s_minimumKeepAliveTick : tick);
        CancellationToken stopped = _stopped.Token;
        try
        {
            while (await timer.WaitForNextTickAsync(stopped).ConfigureAwait(false))
            {
                long now = Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastReceiveTimestamp), now) >= idleTimeout)
                {
                    await CloseAsync(LinkCloseKind.KeepAliveTimeout, LinkErrorCode.KeepAliveTimeout, $"nothing received for {idleTimeout}", sendError: true).ConfigureAwait(false);
                    return;
                }

                if (Stopwatch.GetElapsedTime(_sender.LastSendTimestamp, now) >= idleTimeout / 3)
                {
                    _sender.Write((ulong)now, static (frames, token) => frames.WriteKeepAlive(token));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection closed.
        }
    }

    private void OnHandshakeTimeout()
    {
        if (!_established)
        {
            _ = CloseAsync(LinkCloseKind.HandshakeTimeout, LinkErrorCode.ProtocolViolation, "the handshake did not complete in time", sendError: true);
        }
    }

    private void OnSendFailed(Exception exception) =>
        _ = CloseAsync(LinkCloseKind.ConnectionLost, null, $"send failed: {exception.Message}", sendError: false);

    // The first reason wins and does the work; later callers wait for it, so RunAsync never releases the socket
    // while the first close still sends the Error frame. The Error frame (if any) is flushed before the shutdown.
    private async Task CloseAsync(LinkCloseKind kind, LinkErrorCode? code, string message, bool sendError)
    {
        var reason = new LinkCloseReason(kind, code, message, _established);
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            await _closeDone.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            await _stopped.CancelAsync().ConfigureAwait(false);
            if (sendError && code is { } errorCode)
            {
                try
                {
                    await _sender.CloseAsync(errorCode, message).WaitAsync(s_closeFlushTimeout).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // The peer does not read; the Error frame is best effort (§9.2).
                }
            }
            else
            {
                _sender.Abandon();
            }

            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already gone.
            }

            _input.CancelPendingRead();
        }
        finally
        {
            _closeDone.TrySetResult();
        }
    }
}
