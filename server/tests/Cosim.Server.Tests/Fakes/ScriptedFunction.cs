using Cosim.Tlp;

namespace Cosim.Server.Tests.Fakes;

/// <summary>
/// A function the test plays by hand: it sends whatever TLP the test gives it, records everything it receives, and
/// answers configuration requests with a Successful Completion (reads return zeros), so that the host can program
/// the Command register through it. A deliberately broken device is a few <see cref="Send"/> calls.
/// </summary>
internal sealed class ScriptedFunction : IPcieFunction
{
    public static readonly PcieId Id = PcieId.From(1, 0, 0);

    private readonly Lock _lock = new();
    private readonly List<(TlpHeader Header, byte[] Payload)> _received = [];
    private ITlpReceiver? _upstream;

    public int Resets { get; private set; }

    public IReadOnlyList<(TlpHeader Header, byte[] Payload)> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public IEnumerable<TlpHeader> ReceivedCompletions => Received.Select(r => r.Header).Where(h => h.IsCompletion);

    public void Attach(ITlpReceiver upstream) => _upstream = upstream;

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        lock (_lock)
        {
            _received.Add((header, payload.ToArray()));
        }

        if (header.IsConfigRequest)
        {
            bool read = header.Kind is TlpKind.ConfigRead0 or TlpKind.ConfigRead1;
            TlpHeader completion = read
                ? TlpHeader.CompletionFor(header, Id, CompletionStatus.SuccessfulCompletion, 1, 4, 0)
                : TlpHeader.CompletionWithoutDataFor(header, Id, CompletionStatus.SuccessfulCompletion);
            Send(completion, read ? new byte[4] : []);
        }
    }

    public void Reset() => Resets++;

    /// <summary>Sends <paramref name="header"/> (and <paramref name="payload"/>) to the host, as the device.</summary>
    public void Send(in TlpHeader header, ReadOnlySpan<byte> payload = default) =>
        (_upstream ?? throw new InvalidOperationException("not attached")).Receive(header, payload);

    /// <summary>A DMA read of <paramref name="byteCount"/> bytes at <paramref name="address"/> with <paramref name="tag"/>.</summary>
    public void Read(ulong address, int byteCount, ushort tag) => Send(TlpHeader.MemoryRead(Id, tag, address, byteCount));

    /// <summary>A DMA write of <paramref name="data"/> at <paramref name="address"/> (DW-aligned address and length).</summary>
    public void Write(ulong address, byte[] data) => Send(TlpHeader.MemoryWrite(Id, 0, address, data.Length), data);
}
