using Cosim.Tlp;

namespace Cosim.Conformance.Tests.Broken;

/// <summary>Once armed (after enumeration), claims 4 bytes more than remain in every completion with data it sends.</summary>
internal sealed class CompletionWithWrongByteCount(IPcieFunction inner) : BrokenFunction(inner)
{
    public bool Armed { get; set; }

    protected override void SendUpstream(in TlpHeader header, ReadOnlySpan<byte> payload) =>
        Forward(Armed && header.Kind == TlpKind.CompletionWithData ? header with { ByteCount = (ushort)(header.ByteCount + 4) } : header, payload);
}
