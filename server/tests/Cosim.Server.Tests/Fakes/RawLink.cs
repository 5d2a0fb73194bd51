using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Cosim.Tlp;
using Cosim.Tlp.Link;

namespace Cosim.Server.Tests.Fakes;

/// <summary>
/// A hand-driven link peer for tests that need to break the protocol or stay silent: tlp-core's handshake, reader and
/// writer over a plain socket, with raw byte access.
/// </summary>
internal sealed class RawLink : IDisposable
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(20);

    private readonly Socket _socket;
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly List<byte> _received = [];
    private bool _endOfStream;

    private RawLink(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
        Reader = new LinkFrameReader();
        Writer = new LinkFrameWriter(_output);
    }

    public LinkFrameReader Reader { get; }

    public LinkFrameWriter Writer { get; }

    public static async Task<RawLink> ConnectAsync(IPEndPoint server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server).WaitAsync(s_hangGuard);
        return new RawLink(socket);
    }

    public static async Task<RawLink> AcceptAsync(Socket listener) =>
        new(await listener.AcceptAsync().WaitAsync(s_hangGuard));

    /// <summary>Runs the handshake as <paramref name="role"/>; returns its final state (Established, PeerClosed).</summary>
    public async Task<LinkHandshakeState> HandshakeAsync(LinkRole role, LinkAuthenticator authenticator, LinkOptions? options = null)
    {
        var handshake = new LinkHandshake(role, authenticator, options ?? new LinkOptions(), Reader, Writer);
        handshake.Start();
        await FlushAsync();
        while (handshake.State is not (LinkHandshakeState.Established or LinkHandshakeState.PeerClosed))
        {
            (LinkFrameHeader header, byte[] body) = await ReadFrameAsync();
            handshake.Receive(new LinkFrame(header, new ReadOnlySequence<byte>(body)));
            await FlushAsync();
        }

        return handshake.State;
    }

    public async Task SendTlpsAsync(LinkChannel channel, params (TlpHeader Header, byte[] Payload)[] tlps)
    {
        Writer.BeginTlps(channel);
        foreach ((TlpHeader header, byte[] payload) in tlps)
        {
            Writer.AppendTlp(header, payload);
        }

        Writer.Complete();
        await FlushAsync();
    }

    public async Task FlushAsync()
    {
        if (_output.WrittenCount > 0)
        {
            await _socket.SendAsync(_output.WrittenMemory);
            _output.ResetWrittenCount();
        }
    }

    public async Task SendRawAsync(byte[] bytes) => await _socket.SendAsync(bytes);

    /// <summary>Reads the next frame (header and a copy of the body).</summary>
    public async Task<(LinkFrameHeader Header, byte[] Body)> ReadFrameAsync()
    {
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_received.ToArray());
            ReadOnlySequence<byte> rest = sequence;
            if (Reader.TryReadFrame(ref rest, out LinkFrame frame))
            {
                byte[] body = frame.Body.ToArray();
                _received.RemoveRange(0, (int)(sequence.Length - rest.Length));
                return (frame.Header, body);
            }

            if (!await ReceiveMoreAsync())
            {
                throw new EndOfStreamException("the peer closed the connection");
            }
        }
    }

    /// <summary>Reads frames until one of <paramref name="type"/> arrives (keep-alives and others are skipped).</summary>
    public async Task<(LinkFrameHeader Header, byte[] Body)> ReadFrameAsync(LinkFrameType type)
    {
        while (true)
        {
            (LinkFrameHeader header, byte[] body) = await ReadFrameAsync();
            if (header.Type == type)
            {
                return (header, body);
            }
        }
    }

    /// <summary>True when the peer closes the connection (after any frames still buffered).</summary>
    public async Task<bool> ReadsEndOfStreamAsync()
    {
        while (await ReceiveMoreAsync())
        {
        }

        return _endOfStream;
    }

    public void Close() => _socket.Close(timeout: 0);

    public void Dispose() => _socket.Dispose();

    private async Task<bool> ReceiveMoreAsync()
    {
        if (_endOfStream)
        {
            return false;
        }

        var buffer = new byte[65536];
        int read;
        try
        {
            read = await _socket.ReceiveAsync(buffer).WaitAsync(s_hangGuard);
        }
        catch (SocketException)
        {
            read = 0;
        }

        if (read == 0)
        {
            _endOfStream = true;
            return false;
        }

        _received.AddRange(buffer.AsSpan(0, read));
        return true;
    }
}
