using System.Collections.Concurrent;
using Cosim.Tlp;

namespace Cosim.VfioUser.Tests;

/// <summary>
/// Wraps <see cref="TestFunction"/> so that every TLP is handled on the wrapper's own thread: completions then reach
/// the endpoint later and from another thread, as they do from an RTL simulation. With <see cref="DropMemoryReads"/>
/// memory reads are never answered (a hung device).
/// </summary>
internal sealed class ThreadHopFunction : IPcieFunction, IDisposable
{
    private readonly TestFunction _inner;
    private readonly BlockingCollection<(TlpHeader Header, byte[] Payload)> _queue = [];
    private readonly Thread _thread;

    public ThreadHopFunction(TestFunction inner)
    {
        _inner = inner;
        _thread = new Thread(Run) { IsBackground = true, Name = "device thread" };
        _thread.Start();
    }

    public bool DropMemoryReads { get; set; }

    public void Attach(ITlpReceiver upstream) => _inner.Attach(upstream);

    public void Reset() => _inner.Reset();

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.IsCompletion)
        {
            _inner.Receive(header, payload);
            return;
        }

        if (DropMemoryReads && header.Kind == TlpKind.MemoryRead)
        {
            return;
        }

        _queue.Add((header, payload.ToArray()));
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private void Run()
    {
        foreach ((TlpHeader header, byte[] payload) in _queue.GetConsumingEnumerable())
        {
            _inner.Receive(header, payload);
        }
    }
}
