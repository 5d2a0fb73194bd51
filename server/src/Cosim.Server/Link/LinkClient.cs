using System.Globalization;
using System.Net.Sockets;
using Cosim.Server.Topology;
using Cosim.Tlp;
using Cosim.Tlp.Link;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Link;

/// <summary>
/// <c>cosim endpoint</c>'s side of the Cosim link: connects to the server, runs the handshake, resets its devices
/// on the server (a new link starts from a known state) and hands the link to its <see cref="ProxyFunction"/>s.
/// When the link drops it reconnects with exponential back-off (the configured first delay doubling to the maximum,
/// with jitter), until stopped.
/// </summary>
public sealed class LinkClient : IAsyncDisposable
{
    private readonly LinkSettings _settings;
    private readonly ILogger _logger;
    private readonly Dictionary<int, ProxyFunction> _proxies = [];
    private readonly LinkAuthenticator _authenticator;
    private readonly LinkOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstEstablished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private LinkConnection? _current;
    private int _connectionCount;

    /// <summary>A client for <paramref name="proxies"/>, all served over one link.</summary>
    public LinkClient(IReadOnlyList<ProxyFunction> proxies, LinkSettings settings, ILoggerFactory loggerFactory)
    {
        _settings = settings;
        _logger = loggerFactory.CreateLogger("Cosim.Link.Endpoint");
        foreach (ProxyFunction proxy in proxies)
        {
            _proxies.Add(proxy.Device, proxy);
        }

        _authenticator = settings.CreateAuthenticator();
        _options = settings.ToLinkOptions();
    }

    /// <summary>Raised when a link is established and the devices were reset on the server (tests wait on it).</summary>
    internal event Action<LinkConnection>? Established;

    /// <summary>Raised when a link ended, with the reason (tests wait on it).</summary>
    internal event Action<LinkCloseReason>? LinkEnded;

    /// <summary>The open connection, if any (tests drop it).</summary>
    internal LinkConnection? Current => Volatile.Read(ref _current);

    /// <summary>Completes when the first link is established (the endpoint opens its vfio-user sockets then).</summary>
    public Task FirstEstablished => _firstEstablished.Task;

    /// <summary>Starts connecting in the background.</summary>
    public void Start() => _loop = RunAsync(_stopping.Token);

    /// <summary>Closes the link with Error Shutdown and stops reconnecting.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (Current is { } connection)
        {
            await connection.ShutdownAsync().ConfigureAwait(false);
        }

        await _loop.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        TimeSpan delay = _settings.ReconnectDelay;
        string server = _settings.Server.ToString();
        while (!cancellationToken.IsCancellationRequested)
        {
            _logger.Connecting(server);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(_settings.Server.Host, _settings.Server.Port, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                break;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                TimeSpan wait = Jitter(delay);
                _logger.ConnectFailed(server, e.Message, wait);
                delay = Next(delay);
                await DelayAsync(wait, cancellationToken).ConfigureAwait(false);
                continue;
            }

            int number = Interlocked.Increment(ref _connectionCount);
            string description = string.Create(CultureInfo.InvariantCulture, $"link #{number} to {server}");
            using var connection = new LinkConnection(socket, LinkRole.Client, _authenticator, _options, new Peer(this), _logger, description);
            Volatile.Write(ref _current, connection);
            if (cancellationToken.IsCancellationRequested)
            {
                _ = connection.ShutdownAsync();
            }

            LinkCloseReason reason = await connection.RunAsync(_settings.HandshakeTimeout).ConfigureAwait(false);
            Volatile.Write(ref _current, null);
            LinkEnded?.Invoke(reason);
            if (reason.WasEstablished)
            {
                delay = _settings.ReconnectDelay;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            TimeSpan next = Jitter(delay);
            _logger.Reconnecting(server, next);
            delay = Next(delay);
            await DelayAsync(next, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    // ±20 %: endpoints that lost the same server do not come back in lockstep.
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + (0.4 * Random.Shared.NextDouble()));

    private TimeSpan Next(TimeSpan delay)
    {
        TimeSpan doubled = delay * 2;
        return doubled > _settings.ReconnectMaxDelay ? _settings.ReconnectMaxDelay : doubled;
    }

    private sealed class Peer : ILinkPeer
    {
        private readonly LinkClient _client;

        public Peer(LinkClient client)
        {
            _client = client;
        }

        public void OnEstablished(LinkConnection connection)
        {
            // The server reset these devices when the previous link dropped (or never served them): start both
            // sides from reset, then let traffic through. The DeviceReset frames precede every TLP of the link.
            foreach (ProxyFunction proxy in _client._proxies.Values)
            {
                connection.SendDeviceReset((ushort)proxy.Device);
                proxy.OnLinkUp(connection);
            }

            _client._firstEstablished.TrySetResult();
            _client.Established?.Invoke(connection);
        }

        public bool TryAccept(LinkConnection connection, LinkChannel channel, out string refusal)
        {
            if (channel.Function == 0 && _client._proxies.ContainsKey(channel.Device))
            {
                refusal = string.Empty;
                return true;
            }

            refusal = $"{channel}: this endpoint serves devices {string.Join(", ", _client._proxies.Keys)} (function 0)";
            return false;
        }

        public void OnTlp(LinkConnection connection, LinkChannel channel, in TlpHeader header, ReadOnlySpan<byte> payload) =>
            _client._proxies[channel.Device].Deliver(header, payload);

        public void OnDeviceReset(LinkConnection connection, ushort device) => _client._proxies[device].OnResetByServer();

        public void OnClosed(LinkConnection connection, LinkCloseReason reason)
        {
            foreach (ProxyFunction proxy in _client._proxies.Values)
            {
                proxy.OnLinkDown(connection);
            }
        }
    }
}
