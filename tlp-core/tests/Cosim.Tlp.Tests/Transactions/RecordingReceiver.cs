namespace Cosim.Tlp.Tests.Transactions;

/// <summary>An <see cref="ITlpReceiver"/> that keeps every TLP with a copy of its payload (the span dies with the call).</summary>
internal sealed class RecordingReceiver : ITlpReceiver
{
    public List<(TlpHeader Header, byte[] Payload)> Received { get; } = [];

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload) =>
        Received.Add((header, payload.ToArray()));
}
