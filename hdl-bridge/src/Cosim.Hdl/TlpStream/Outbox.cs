using System.Buffers;
using Cosim.Tlp;

namespace Cosim.Hdl.TlpStream;

/// <summary>
/// TLPs for the host, collected while the clock runs (under the simulation lock) and delivered afterwards, in
/// order, with no lock held: the host may answer (a DMA read's completion) from inside its Receive.
/// </summary>
internal sealed class Outbox : ITlpReceiver
{
    private readonly Lock _gate = new();
    private readonly Queue<Entry> _queue = new();

    /// <summary>Copies the TLP (the payload span dies with the call) into a pooled buffer.</summary>
    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        byte[] copy = payload.Length == 0 ? [] : ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(copy);
        lock (_gate)
        {
            _queue.Enqueue(new Entry(header, copy, payload.Length));
        }
    }

    /// <summary>Delivers everything queued to <paramref name="upstream"/> (or drops it when there is none).</summary>
    internal void Flush(ITlpReceiver? upstream)
    {
        while (true)
        {
            Entry entry;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out entry))
                {
                    return;
                }
            }

            try
            {
                upstream?.Receive(entry.Header, entry.Payload.AsSpan(0, entry.Length));
            }
            finally
            {
                if (entry.Payload.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(entry.Payload);
                }
            }
        }
    }

    private readonly record struct Entry(TlpHeader Header, byte[] Payload, int Length);
}
