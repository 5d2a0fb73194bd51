using Cosim.Tlp;

namespace Cosim.Server.Tracing;

/// <summary>
/// A function with both directions of its link recorded: TLPs to it (<see cref="TlpDirection.Downstream"/>) and TLPs
/// it sends to its upstream (<see cref="TlpDirection.Upstream"/>). Wraps a model in <c>run</c>/<c>serve</c> and the
/// proxy in <c>endpoint</c>.
/// </summary>
public sealed class TracingFunction : IPcieFunction
{
    private readonly IPcieFunction _inner;
    private readonly ITlpTraceSink _sink;
    private readonly TraceDevice _device;

    /// <summary>
    /// Records <paramref name="inner"/>'s traffic as <paramref name="device"/> into <paramref name="sink"/>; when
    /// <paramref name="inner"/> runs on a simulation clock (<see cref="ISimulationClock"/>) and the device names none,
    /// each record carries its cycle.
    /// </summary>
    public TracingFunction(IPcieFunction inner, ITlpTraceSink sink, TraceDevice device)
    {
        _inner = inner;
        _sink = sink;
        _device = device.Clock is null && inner is ISimulationClock clock ? device with { Clock = clock } : device;
    }

    /// <summary>Wraps <paramref name="function"/> when <paramref name="sink"/> is set; returns it unchanged otherwise.</summary>
    public static IPcieFunction Wrap(IPcieFunction function, ITlpTraceSink? sink, TraceDevice device) =>
        sink is null ? function : new TracingFunction(function, sink, device);

    /// <inheritdoc />
    public void Attach(ITlpReceiver upstream) =>
        _inner.Attach(new TlpTap(upstream, _sink, _device, TlpDirection.Upstream));

    /// <inheritdoc />
    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        _sink.Record(_device, TlpDirection.Downstream, header, payload);
        _inner.Receive(header, payload);
    }

    /// <inheritdoc />
    public void Reset() => _inner.Reset();
}
