namespace Cosim.Tlp.Tests.Config;

/// <summary>Records every TLP it receives, copying the payload.</summary>
internal sealed class CapturingReceiver : ITlpReceiver
{
    public List<(TlpHeader Header, byte[] Payload)> Received { get; } = [];

    public TlpHeader Single => Assert.Single(Received).Header;

    public byte[] SinglePayload => Assert.Single(Received).Payload;

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload) => Received.Add((header, payload.ToArray()));
}
