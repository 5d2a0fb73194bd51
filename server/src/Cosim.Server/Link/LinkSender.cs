using System.Diagnostics;
using System.Net.Sockets;
using Cosim.Tlp;
using Cosim.Tlp.Link;

namespace Cosim.Server.Link;

/// <summary>
/// The send side of one link connection: frames are encoded under a lock into the filling buffer, and whichever
/// thread finds no send in progress becomes the sender and writes the batch to the socket itself (a combining
/// writer). There is no send thread to wake, so a completion written by the model on the receive loop, or a request
/// written by the vfio-user thread, goes out on the producer's own thread with one <c>send</c> system call.
/// </summary>
/// <remarks>
/// <para>Batching: while a send is in progress other producers only append; TLPs for the same channel share the open
/// Tlps frame; the sender takes everything accumulated when its send returns (docs/wire-protocol.md §6.3: one
/// flush per batch). The receive loop defers its own sends while it dispatches one read (<see cref="BeginDeferring"/>),
/// so the replies to a batch of requests leave as one batch.</para>
/// <para>Back-pressure: <c>Socket.SendAsync</c> completes synchronously while the kernel takes the bytes; when it
/// does not, the rest of the drain continues asynchronously and producers other than the receive loop wait once the
/// filling buffer exceeds <see cref="BackPressureBytes"/>. The receive loop never waits for its own sends (§11), so
/// two slow peers cannot deadlock; what it adds is bounded by the requests it received.</para>
/// <para>Why not a <c>PipeWriter</c>: a pipe writer cannot take writes while its flush is pending, and a pipe to a
/// send loop costs a thread hop on every round trip. The receive side is a <c>PipeReader</c>.</para>
/// </remarks>
internal sealed class LinkSender : IDisposable, IThreadPoolWorkItem
{
    /// <summary>Filling-buffer size above which producers (not the receive loop) wait for the socket.</summary>
    public const int BackPressureBytes = 1024 * 1024;

    private const int InitialBufferBytes = 64 * 1024;

    private readonly object _gate = new();
    private readonly Socket _socket;
    private readonly SendTarget _target;
    private readonly LinkFrameWriter _frames;
    private readonly Action<Exception> _onFailure;
    private SendBuffer _filling;
    private SendBuffer _spare;
    private bool _draining;
    private bool _closed;
    private volatile int _deferringThread = -1;
    private long _lastSendTimestamp = Stopwatch.GetTimestamp();
    private TaskCompletionSource? _idle;

    public LinkSender(Socket socket, Action<Exception> onFailure)
    {
        _socket = socket;
        _onFailure = onFailure;
        _filling = new SendBuffer(InitialBufferBytes);
        _spare = new SendBuffer(InitialBufferBytes);
        _target = new SendTarget(_filling);
        _frames = new LinkFrameWriter(_target);
    }

    /// <summary>The frame writer; used only inside <see cref="Write{TState}"/> callbacks and by the handshake under it.</summary>
    public LinkFrameWriter Frames => _frames;

    /// <summary>When the sender last handed bytes to the socket (<see cref="Stopwatch"/> ticks).</summary>
    public long LastSendTimestamp => Interlocked.Read(ref _lastSendTimestamp);

    /// <summary>Appends one TLP for <paramref name="channel"/>; false when the connection is closed.</summary>
    /// <exception cref="TlpFormatException">The header and payload do not form a valid TLP (a caller bug).</exception>
    public bool TrySendTlp(LinkChannel channel, in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        bool drain;
        lock (_gate)
        {
            WaitForRoom();
            if (_closed)
            {
                return false;
            }

            _frames.BeginTlps(channel);
            _frames.AppendTlp(header, payload);
            drain = TryBecomeSender();
        }

        if (drain)
        {
            if (header.IsPosted)
            {
                // Nobody waits for a posted request: let a pool thread send it, so that the writes the producer
                // issues meanwhile (a DMA burst split at MPS) join its batch instead of costing a send() each.
                // Later TLPs queue behind it in the same buffer, so ordering is unchanged.
                // The sender is its own work item: queuing it allocates nothing.
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
            else
            {
                Drain();
            }
        }

        return true;
    }

    /// <summary>
    /// Runs <paramref name="write"/> with the frame writer under the lock (control frames, handshake steps), then
    /// sends. Returns false (and does not call it) when closed.
    /// </summary>
    public bool Write<TState>(TState state, Action<LinkFrameWriter, TState> write)
    {
        bool drain;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            write(_frames, state);
            drain = TryBecomeSender();
        }

        if (drain)
        {
            Drain();
        }

        return true;
    }

    /// <summary>The receive loop starts dispatching a read: its own sends are appended, not sent, until <see cref="EndDeferring"/>.</summary>
    public void BeginDeferring() => _deferringThread = Environment.CurrentManagedThreadId;

    /// <summary>The receive loop finished a read: what it appended goes out now, as one batch.</summary>
    public void EndDeferring()
    {
        _deferringThread = -1;
        bool drain;
        lock (_gate)
        {
            drain = !_closed && TryBecomeSender();
        }

        if (drain)
        {
            Drain();
        }
    }

    /// <summary>
    /// Writes the last frame (Error), refuses further frames, and completes when everything queued has been handed
    /// to the socket (or sending failed).
    /// </summary>
    public Task CloseAsync(LinkErrorCode code, string message)
    {
        bool drain;
        lock (_gate)
        {
            if (_closed)
            {
                return IdleTask();
            }

            _frames.WriteError(code, message);
            _closed = true;
            Monitor.PulseAll(_gate);
            drain = TryBecomeSender(ignoreDeferring: true);
        }

        if (drain)
        {
            Drain();
        }

        lock (_gate)
        {
            return IdleTask();
        }
    }

    /// <summary>Refuses further frames without sending anything (the socket is gone).</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>A pool thread sends what posted TLPs queued (see <see cref="TrySendTlp"/>).</summary>
    void IThreadPoolWorkItem.Execute() => Drain();

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            if (!_draining)
            {
                _filling.Dispose();
                _spare.Dispose();
            }
        }
    }

    // Producers other than the receive loop wait while a send is in progress and the filling buffer is over the mark.
    private void WaitForRoom()
    {
        while (!_closed && _draining && _filling.Length >= BackPressureBytes
            && Environment.CurrentManagedThreadId != _deferringThread)
        {
            Monitor.Wait(_gate);
        }
    }

    private bool TryBecomeSender(bool ignoreDeferring = false)
    {
        if (_draining || (!ignoreDeferring && Environment.CurrentManagedThreadId == _deferringThread))
        {
            return false;
        }

        _draining = true;
        return true;
    }

    // Under the lock: closes the open frame and swaps buffers; false (and the sender role released) when empty.
    private bool TakeBatch(out SendBuffer batch)
    {
        _frames.Complete();
        if (_filling.Length == 0)
        {
            batch = null!;
            _draining = false;
            Monitor.PulseAll(_gate);
            _idle?.TrySetResult();
            _idle = null;
            return false;
        }

        batch = _filling;
        _filling = _spare;
        _spare = batch;
        _target.Current = _filling;
        Monitor.PulseAll(_gate);
        Interlocked.Exchange(ref _lastSendTimestamp, Stopwatch.GetTimestamp());
        return true;
    }

    private Task IdleTask()
    {
        if (!_draining)
        {
            return Task.CompletedTask;
        }

        _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _idle.Task;
    }

    // Sends batches on the calling thread while the socket takes them synchronously; hands over to DrainAsync when not.
    private void Drain()
    {
        while (true)
        {
            SendBuffer batch;
            lock (_gate)
            {
                if (!TakeBatch(out batch))
                {
                    return;
                }
            }

            ValueTask<int> send;
            try
            {
                send = _socket.SendAsync(batch.Written, SocketFlags.None);
            }
            catch (Exception e)
            {
                Fail(e);
                return;
            }

            if (!send.IsCompletedSuccessfully)
            {
                _ = DrainAsync(send, batch);
                return;
            }

            int sent = send.Result;
            if (sent != batch.Length)
            {
                _ = DrainAsync(new ValueTask<int>(sent), batch);
                return;
            }

            batch.Clear();
        }
    }

    private async Task DrainAsync(ValueTask<int> pending, SendBuffer batch)
    {
        try
        {
            int sent = await pending.ConfigureAwait(false);
            while (true)
            {
                while (sent < batch.Length)
                {
                    sent += await _socket.SendAsync(batch.Written[sent..], SocketFlags.None).ConfigureAwait(false);
                }

                batch.Clear();
                lock (_gate)
                {
                    if (!TakeBatch(out batch))
                    {
                        return;
                    }
                }

                sent = 0;
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private void Fail(Exception exception)
    {
        lock (_gate)
        {
            _closed = true;
            _draining = false;
            _filling.Clear();
            _spare.Clear();
            Monitor.PulseAll(_gate);
            _idle?.TrySetResult();
            _idle = null;
        }

        _onFailure(exception);
    }
}
