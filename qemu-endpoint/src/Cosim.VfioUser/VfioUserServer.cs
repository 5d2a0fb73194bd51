using Cosim.Tlp;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser;

/// <summary>
/// A vfio-user server for one PCIe function: stock QEMU's <c>vfio-user-pci</c> connects to its UNIX socket, and every
/// configuration, MMIO and I/O access becomes a TLP to the function, while the function's DMA and interrupt TLPs
/// reach guest memory and QEMU's eventfds. One client at a time; when it goes away (EOF, error, malformed stream)
/// its DMA maps and fds are released, the function is reset, and the next client is accepted.
/// </summary>
/// <remarks>
/// The server attaches itself as the function's upstream (<see cref="IPcieFunction.Attach"/>) when constructed.
/// Each connection is served on one dedicated thread with blocking system calls: a region access costs a
/// <c>recvmsg</c>, a <c>read</c> and a <c>sendmsg</c>, and the function is called synchronously on that thread.
/// </remarks>
public sealed class VfioUserServer : IDisposable
{
    private readonly string _socketPath;
    private readonly VfioUserServerOptions _options;
    private readonly ILogger _logger;
    private readonly FunctionRequester _requester;
    private readonly GuestMemory _memory = new();
    private readonly InterruptRouter _interrupts = new();
    private readonly MessageDma _messageDma;
    private readonly UpstreamPort _port;
    private readonly VfioUserConnection _connection;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private UnixSocket? _listener;
    private UnixSocket? _client;
    private Thread? _thread;
    private bool _stopping;
    private int _connections;

    /// <summary>Creates a server for <paramref name="function"/> on <paramref name="socketPath"/>; <see cref="Start"/> begins listening.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public VfioUserServer(string socketPath, IPcieFunction function, VfioUserServerOptions options, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _socketPath = socketPath;
        _options = options;
        _logger = logger;
        _requester = new FunctionRequester(function, options.FunctionId, options.CompletionTimeout);
        var layout = new DeviceLayout(_requester, logger);
        _messageDma = new MessageDma(options.DmaMessageChunkSize, options.DmaReplyTimeout);
        _port = new UpstreamPort(function, _requester, _memory, _interrupts, layout, _messageDma, options, logger);
        _connection = new VfioUserConnection(function, _requester, layout, _memory, _interrupts, _messageDma, _port, options, logger);
        function.Attach(_port);
    }

    /// <summary>The UNIX socket path QEMU connects to.</summary>
    public string SocketPath => _socketPath;

    /// <summary>Raised on the connection thread after a client's resources were released (tests wait on it).</summary>
    internal event Action<int>? ConnectionEnded;

    /// <summary>Guest memory map table (tests).</summary>
    internal GuestMemory Memory => _memory;

    /// <summary>Binds and listens (the socket exists when this returns), then serves clients on a dedicated thread.</summary>
    /// <exception cref="IOException">The socket cannot be created or bound.</exception>
    public void Start()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_thread is not null)
            {
                throw new InvalidOperationException("The server is already started.");
            }

            _listener = UnixSocket.Listen(_socketPath, _options.SocketMode);
            _thread = new Thread(Run) { IsBackground = true, Name = $"vfio-user {Path.GetFileName(_socketPath)}" };
            _thread.Start();
        }

        _logger.Listening(_socketPath);
    }

    /// <summary>Stops accepting, disconnects the current client (its resources are released, the function reset) and completes when the server thread has ended.</summary>
    public Task StopAsync()
    {
        lock (_lock)
        {
            if (!_stopping)
            {
                _stopping = true;
                _listener?.Shutdown();
                _client?.Shutdown();
                if (_thread is null)
                {
                    _stopped.TrySetResult();
                }
            }
        }

        return _stopped.Task;
    }

    /// <summary>Stops the server (see <see cref="StopAsync"/>), waits for it, and removes the socket file.</summary>
    public void Dispose()
    {
        StopAsync().GetAwaiter().GetResult();
        _listener?.Dispose();
        _port.Dispose();
        _messageDma.Dispose();
        _requester.Dispose();
        _memory.Dispose();
        _interrupts.Dispose();
        if (_listener is not null)
        {
            try
            {
                File.Delete(_socketPath);
            }
            catch (IOException)
            {
                // Another process owns the path now; nothing of ours to remove.
            }
        }
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                UnixSocket? client = _listener!.Accept();
                if (client is null)
                {
                    break;
                }

                int connection;
                lock (_lock)
                {
                    if (_stopping)
                    {
                        client.Dispose();
                        break;
                    }

                    _client = client;
                    connection = ++_connections;
                }

                _logger.ClientConnected(connection);
                try
                {
                    _connection.Serve(client, connection);
                }
                catch (Exception e)
                {
                    // A bug in the server or the function must not take the process down: the client is dropped,
                    // its resources were released by Serve, and the next client is accepted.
                    _logger.ConnectionCrashed(connection, e);
                }
                finally
                {
                    lock (_lock)
                    {
                        _client = null;
                    }

                    client.Dispose();
                    ConnectionEnded?.Invoke(connection);
                }
            }
        }
        catch (Exception e)
        {
            _logger.AcceptFailed(_socketPath, e);
        }
        finally
        {
            _logger.Stopped(_socketPath);
            _stopped.TrySetResult();
        }
    }
}
