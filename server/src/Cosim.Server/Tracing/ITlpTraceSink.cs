using Cosim.Tlp;

namespace Cosim.Server.Tracing;

/// <summary>
/// Where traced TLPs go (a JSON-lines or pcapng file). Called from any thread; the payload is valid only during the
/// call. Tracing that is off installs no tap at all, so it costs nothing.
/// </summary>
public interface ITlpTraceSink : IDisposable
{
    /// <summary>Records one TLP seen on <paramref name="device"/>'s link in <paramref name="direction"/>.</summary>
    void Record(TraceDevice device, TlpDirection direction, in TlpHeader header, ReadOnlySpan<byte> payload);
}
