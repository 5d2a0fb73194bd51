using Cosim.Tlp;

namespace Cosim.Server.Tracing;

/// <summary>One direction of a link, recorded: every TLP goes to the sink, then on to <c>inner</c> unchanged.</summary>
internal sealed class TlpTap : ITlpReceiver
{
    private readonly ITlpReceiver _inner;
    private readonly ITlpTraceSink _sink;
    private readonly TraceDevice _device;
    private readonly TlpDirection _direction;

    public TlpTap(ITlpReceiver inner, ITlpTraceSink sink, TraceDevice device, TlpDirection direction)
    {
        _inner = inner;
        _sink = sink;
        _device = device;
        _direction = direction;
    }

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        _sink.Record(_device, _direction, header, payload);
        _inner.Receive(header, payload);
    }
}
