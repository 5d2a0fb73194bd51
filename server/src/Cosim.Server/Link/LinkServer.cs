using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cosim.Server.Topology;
using Cosim.Tlp;
using Cosim.Tlp.Link;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Link;

/// <summary>
/// <c>cosim serve</c>'s side of the Cosim link: listens (127.0.0.1 unless configured otherwise, see
/// <see cref="LinkSettings"/>), runs the handshake, and routes each Tlps frame to the device its channel names, calling
/// the model on the connection's receive loop; the model's replies go back on the same thread. When a connection
/// drops, every device it served is reset (its outstanding DMA is dropped) and freed for the next connection.
/// </summary>
public sealed class LinkServer : IAsyncDisposable
{
    private readonly LinkSettings _settings;
    private readonly ILogger _logger;
    private readonly DeviceSlot?[] _slots;
    private readonly LinkAuthenticator _authenticator;
    private readonly LinkOptions _options;
    private readonly Lock _lock = new();
    private readonly HashSet<LinkConnection> _connections = [];
    private readonly List<Task> _connectionTasks = [];
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _connectionCount;
    private bool _stopping;

    /// <summary>Serves <paramref name="devices"/> (each attaches its upstream to the server now).</summary>
    public LinkServer(IReadOnlyList<ServedDevice> devices, LinkSettings settings, ILoggerFactory loggerFactory)
    {
        _settings = settings;
        _logger = loggerFactory.CreateLogger("Cosim.Link.Server");
        int count = 0;
        foreach (ServedDevice device in devices)
        {
            count = Math.Max(count, device.Index + 1);
        }

        _slots = new DeviceSlot?[count];
        foreach (ServedDevice device in devices)
        {
            _slots[device.Index] = new DeviceSlot(device, _logger);
        }

        _authenticator = settings.CreateAuthenticator();
        _options = settings.ToLinkOptions();
    }

    /// <summary>The bound address (with the real port when the configured port was 0); null before <see cref="Start"/>.</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    /// <summary>Raised after a device was reset because the link serving it dropped (tests wait on it).</summary>
    internal event Action<int>? DeviceResetAfterDrop;

    /// <summary>Raised when a connection completed its handshake (tests wait on it).</summary>
    internal event Action<LinkConnection>? ConnectionEstablished;

    /// <summary>Connections currently open (tests).</summary>
    internal LinkConnection[] Connections
    {
        get
        {
            lock (_lock)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>Binds and listens (the port is open when this returns), then accepts on a background task.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public void Start()
    {
        IPAddress address = ResolveListenAddress(_settings.Listen);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, _settings.Listen.Port));
            listener.Listen();
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        string authentication = _authenticator.Mode == LinkAuthenticationMode.None ? "no secret, loopback only" : "HMAC-SHA256 shared secret";
        _logger.Listening(LocalEndPoint!.ToString(), authentication);
        _acceptLoop = AcceptLoopAsync(listener);
    }

    /// <summary>Stops accepting, closes every connection with Error Shutdown, and waits for them to end.</summary>
    public async Task StopAsync()
    {
        Task[] connections;
        LinkConnection[] open;
        lock (_lock)
        {
            _stopping = true;
            open = [.. _connections];
            connections = [.. _connectionTasks];
        }

        _listener?.Dispose();
        foreach (LinkConnection connection in open)
        {
            await connection.ShutdownAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
        await _acceptLoop.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static IPAddress ResolveListenAddress(LinkAddress listen)
    {
        if (IPAddress.TryParse(listen.Host, out IPAddress? address))
        {
            return address;
        }

        return string.Equals(listen.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            ? IPAddress.Loopback
            : Dns.GetHostAddresses(listen.Host)[0];
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                return;
            }
            catch (Exception e)
            {
                _logger.AcceptFailed(_settings.Listen.ToString(), e);
                return;
            }

            int number = Interlocked.Increment(ref _connectionCount);
            string description = string.Create(CultureInfo.InvariantCulture, $"link #{number} ({socket.RemoteEndPoint})");
            var connection = new LinkConnection(socket, LinkRole.Server, _authenticator, _options, new Peer(this), _logger, description);
            lock (_lock)
            {
                if (_stopping)
                {
                    connection.Dispose();
                    continue;
                }

                _connections.Add(connection);
                _connectionTasks.Add(RunConnectionAsync(connection));
            }
        }
    }

    private async Task RunConnectionAsync(LinkConnection connection)
    {
        await Task.Yield();
        _logger.Accepted(connection.Description);
        try
        {
            await connection.RunAsync(_settings.HandshakeTimeout).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _connections.Remove(connection);
            }

            connection.Dispose();
        }
    }

    private DeviceSlot? SlotFor(LinkChannel channel) =>
        channel.Function == 0 && channel.Device < _slots.Length ? _slots[channel.Device] : null;

    // The server's view of one connection; all calls come from that connection's receive loop.
    private sealed class Peer : ILinkPeer
    {
        private readonly LinkServer _server;

        public Peer(LinkServer server)
        {
            _server = server;
        }

        public void OnEstablished(LinkConnection connection) => _server.ConnectionEstablished?.Invoke(connection);

        public bool TryAccept(LinkConnection connection, LinkChannel channel, out string refusal)
        {
            DeviceSlot? slot = _server.SlotFor(channel);
            if (slot is null)
            {
                refusal = $"{channel}: no such device is served on this link (devices 0-{_server._slots.Length - 1}, function 0)";
                return false;
            }

            if (!slot.TryClaim(connection))
            {
                refusal = $"{channel} '{slot.Device.Name}' is already served to {slot.Owner?.Description}";
                return false;
            }

            refusal = string.Empty;
            return true;
        }

        public void OnTlp(LinkConnection connection, LinkChannel channel, in TlpHeader header, ReadOnlySpan<byte> payload)
        {
            DeviceSlot slot = _server._slots[channel.Device]!;
            try
            {
                slot.Device.Function.Receive(header, payload);
            }
            catch (Exception e)
            {
                // A model bug must not end the link: the request gets the hardware answer and one log line.
                _server._logger.ModelFailed(slot.Device.Index, slot.Device.Name, header.ToString(), e);
                if (header.IsNonPosted)
                {
                    connection.TrySendTlp(channel, TlpHeader.UnsupportedRequestFor(header, completer: default), []);
                }
            }
        }

        public void OnDeviceReset(LinkConnection connection, ushort device)
        {
            DeviceSlot slot = _server._slots[device]!;
            _server._logger.DeviceResetByPeer(device, slot.Device.Name, connection.Description);
            slot.Device.Function.Reset();
        }

        public void OnClosed(LinkConnection connection, LinkCloseReason reason)
        {
            foreach (DeviceSlot? slot in _server._slots)
            {
                if (slot is not null && slot.Release(connection))
                {
                    slot.Device.Function.Reset();
                    _server._logger.DeviceResetAfterDrop(slot.Device.Index, slot.Device.Name, connection.Description);
                    _server.DeviceResetAfterDrop?.Invoke(slot.Device.Index);
                }
            }
        }
    }
}
