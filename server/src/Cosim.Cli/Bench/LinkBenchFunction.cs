using Cosim.Tlp;

namespace Cosim.Cli.Bench;

/// <summary>
/// The device end of the link bench: answers every MemRd with one CplD of the requested length and counts the
/// payload bytes of every MemWr, so the bench measures the transport and nothing else.
/// </summary>
internal sealed class LinkBenchFunction : IPcieFunction
{
    private static readonly PcieId s_completer = PcieId.From(1, 0, 0);
    private readonly byte[] _data = new byte[4096];
    private ITlpReceiver? _upstream;
    private long _writtenBytes;

    public long WrittenBytes => Volatile.Read(ref _writtenBytes);

    public void Attach(ITlpReceiver upstream) => _upstream = upstream;

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.Kind == TlpKind.MemoryWrite)
        {
            Interlocked.Add(ref _writtenBytes, payload.Length);
        }
        else if (header.IsNonPosted)
        {
            int dwords = header.Kind == TlpKind.MemoryRead ? header.Length : 0;
            TlpHeader completion = TlpHeader.CompletionFor(header, s_completer, CompletionStatus.SuccessfulCompletion, dwords, dwords * 4, (byte)(header.Address & 0x7F));
            _upstream!.Receive(completion, _data.AsSpan(0, dwords * 4));
        }
    }

    public void Reset() => Interlocked.Exchange(ref _writtenBytes, 0);
}
