using System.Buffers;
using Cosim.Tlp;

namespace Cosim.VfioUser;

/// <summary>
/// A worker thread for device TLPs that arrive on the connection thread but need a DMA message round trip (guest
/// memory without an fd): the connection thread must answer QEMU first (§9.4), so the TLP is copied here and handled
/// in order on the worker, which may block. While work is queued, later device TLPs from the connection thread
/// (writes, MSIs, INTx) queue behind it, so that an interrupt never overtakes the data it announces.
/// </summary>
internal sealed class DeferredRequests : IDisposable
{
    private readonly object _lock = new();
    private readonly Queue<Item> _queue = new();
    private readonly Action<TlpHeader, ReadOnlyMemory<byte>> _handler;
    private Thread? _thread;
    private bool _busy;
    private bool _stopping;

    public DeferredRequests(Action<TlpHeader, ReadOnlyMemory<byte>> handler) => _handler = handler;

    /// <summary>True while items are queued or being handled.</summary>
    public bool HasWork
    {
        get
        {
            lock (_lock)
            {
                return _busy;
            }
        }
    }

    /// <summary>Copies the TLP (its payload must outlive the caller's span) and queues it.</summary>
    public void Enqueue(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length, 1));
        payload.CopyTo(buffer);
        lock (_lock)
        {
            if (_stopping)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return;
            }

            _queue.Enqueue(new Item(header, buffer, payload.Length));
            _busy = true;
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "vfio-user deferred DMA" };
                _thread.Start();
            }

            Monitor.Pulse(_lock);
        }
    }

    /// <summary>Drops queued items (disconnect); the item in hand finishes against a detached connection.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            while (_queue.TryDequeue(out Item item))
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }
        }
    }

    public void Dispose()
    {
        Thread? thread;
        lock (_lock)
        {
            _stopping = true;
            thread = _thread;
            Monitor.PulseAll(_lock);
        }

        Clear();
        thread?.Join();
    }

    private void Run()
    {
        while (true)
        {
            Item item;
            lock (_lock)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    _busy = false;
                    Monitor.Wait(_lock);
                }

                if (_stopping)
                {
                    return;
                }

                item = _queue.Dequeue();
            }

            try
            {
                _handler(item.Header, item.Buffer.AsMemory(0, item.Length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }
        }
    }

    private readonly record struct Item(TlpHeader Header, byte[] Buffer, int Length);
}
