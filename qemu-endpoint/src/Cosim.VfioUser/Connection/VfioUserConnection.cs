using System.Runtime.InteropServices;
using System.Text;
using Cosim.Tlp;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser;

/// <summary>
/// Serves one QEMU client at a time on the calling thread: reads a message (header with <c>recvmsg</c>, where fds
/// arrive, then the body), handles it by calling the function synchronously, and sends the reply with one
/// <c>sendmsg</c>. Three system calls per region access, no thread hop, no allocation per message. Buffers are
/// allocated once and reused for every client.
/// </summary>
internal sealed partial class VfioUserConnection
{
    private const ushort ProtocolMajor = 0;
    private const ushort ProtocolMinor = 0;
    private const int MaxMessageFds = 16;
    private const int MessageOverhead = VfioUserHeader.Size + RegionAccess.Size + 64;
    private const int NoFd = -1;

    private readonly IPcieFunction _function;
    private readonly FunctionRequester _requester;
    private readonly DeviceLayout _layout;
    private readonly GuestMemory _memory;
    private readonly InterruptRouter _interrupts;
    private readonly MessageDma _messageDma;
    private readonly UpstreamPort _port;
    private readonly ILogger _logger;
    private readonly VfioUserServerOptions _options;
    private readonly byte[] _receive;
    private readonly byte[] _reply;
    private readonly byte[] _scratch = new byte[4096];
    private readonly int[] _fds = new int[UnixSocket.MaxReceivedFds];
    private readonly byte[] _versionJson;
    private int _fdCount;
    private UnixSocket? _socket;
    private bool _negotiated;
    private VfioUserHeader _request;

    public VfioUserConnection(
        IPcieFunction function,
        FunctionRequester requester,
        DeviceLayout layout,
        GuestMemory memory,
        InterruptRouter interrupts,
        MessageDma messageDma,
        UpstreamPort port,
        VfioUserServerOptions options,
        ILogger logger)
    {
        _function = function;
        _requester = requester;
        _layout = layout;
        _memory = memory;
        _interrupts = interrupts;
        _messageDma = messageDma;
        _port = port;
        _options = options;
        _logger = logger;
        _receive = GC.AllocateUninitializedArray<byte>(options.MaxDataTransferSize + MessageOverhead, pinned: true);
        _reply = GC.AllocateUninitializedArray<byte>(options.MaxDataTransferSize + MessageOverhead, pinned: true);
        _versionJson = Encoding.UTF8.GetBytes(
            $"{{\"capabilities\":{{\"max_msg_fds\":{MaxMessageFds},\"max_data_xfer_size\":{options.MaxDataTransferSize}}}}}\0");
    }

    /// <summary>Serves <paramref name="socket"/> until EOF, a transport error or a protocol violation, then cleans up.</summary>
    public void Serve(UnixSocket socket, int connection)
    {
        _socket = socket;
        _negotiated = false;
        _messageDma.Attach(socket);
        _port.ConnectionThreadId = Environment.CurrentManagedThreadId;
        string reason = "EOF";
        try
        {
            _layout.Probe();
            _interrupts.Configure(_layout);
            while (ReceiveAndHandle())
            {
            }
        }
        catch (VfioUserProtocolException e)
        {
            reason = "protocol violation";
            _logger.ProtocolViolation(connection, e.MessageId, e.Command, e.Field, e.Value, e);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            reason = "transport error";
            _logger.TransportFailed(connection, e);
        }
        finally
        {
            Cleanup();
            _logger.ClientDisconnected(connection, reason);
        }
    }

    private void Cleanup()
    {
        _port.ConnectionThreadId = -1;
        _messageDma.Detach();
        _port.ClearDeferred();
        _requester.Abandon();
        _memory.UnmapAll();
        _interrupts.CloseAll();
        _function.Reset();
        _socket = null;
    }

    private bool ReceiveAndHandle()
    {
        UnixSocket socket = _socket!;
        _fdCount = 0;
        try
        {
            Span<byte> headerBytes = _receive.AsSpan(0, VfioUserHeader.Size);
            if (!socket.ReceiveWithFds(headerBytes, _fds, out _fdCount))
            {
                return false;
            }

            VfioUserHeader header = MemoryMarshal.Read<VfioUserHeader>(headerBytes);
            _request = header;
            _logger.MessageReceived(header.MessageId, header.Command, header.MessageSize, (uint)header.Flags, _fdCount);
            if (header.MessageSize < VfioUserHeader.Size)
            {
                throw new VfioUserProtocolException("size", header.MessageSize, header.MessageId, header.Command, "smaller than the 16-byte header");
            }

            if (header.MessageSize > _receive.Length)
            {
                throw new VfioUserProtocolException("size", header.MessageSize, header.MessageId, header.Command, "larger than max_data_xfer_size allows");
            }

            if (header.Type == VfioUserMessageFlags.Reply)
            {
                bool alive = _messageDma.DeliverReply(header, socket, _scratch, out bool matched);
                if (!matched)
                {
                    _logger.UnexpectedReply(header.MessageId, header.Command);
                }

                return alive;
            }

            Span<byte> body = _receive.AsSpan(VfioUserHeader.Size, (int)header.MessageSize - VfioUserHeader.Size);
            if (!socket.ReceiveExact(body))
            {
                throw new EndOfStreamException($"EOF inside the body of message 0x{header.MessageId:x4} ({header.Command}).");
            }

            if (header.Type != VfioUserMessageFlags.Command)
            {
                throw new VfioUserProtocolException("flags", (uint)header.Flags, header.MessageId, header.Command, "message type is neither command nor reply");
            }

            Dispatch(header, body);
            return true;
        }
        finally
        {
            for (int i = 0; i < _fdCount; i++)
            {
                if (_fds[i] != NoFd)
                {
                    _ = Interop.Libc.Close(_fds[i]);
                    _fds[i] = NoFd;
                }
            }
        }
    }

    /// <summary>Takes ownership of the received fds: they are no longer closed after the handler.</summary>
    private void TakeFds()
    {
        for (int i = 0; i < _fdCount; i++)
        {
            _fds[i] = NoFd;
        }
    }

    private ReadOnlySpan<int> ReceivedFds => _fds.AsSpan(0, _fdCount);

    /// <summary>The reply payload area (after the header).</summary>
    private Span<byte> ReplyPayload => _reply.AsSpan(VfioUserHeader.Size);

    /// <summary>Logs a rejected request with its message id and command and returns the errno for the error reply.</summary>
    private Errno Reject(string field, ulong value, Errno errno = Errno.InvalidArgument)
    {
        _logger.RequestRejected(_request.MessageId, _request.Command, errno, field, value);
        return errno;
    }

    private void SendReply(in VfioUserHeader request, Errno error, int payloadLength)
    {
        VfioUserHeader reply = new()
        {
            MessageId = request.MessageId,
            Command = request.Command,
            MessageSize = (uint)(VfioUserHeader.Size + (error == Errno.None ? payloadLength : 0)),
            Flags = VfioUserMessageFlags.Reply | (error == Errno.None ? 0 : VfioUserMessageFlags.Error),
            Error = (uint)error,
        };
        MemoryMarshal.Write(_reply, in reply);
        _socket!.Send(_reply.AsSpan(0, (int)reply.MessageSize), []);
    }
}
