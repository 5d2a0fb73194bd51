using Cosim.Tlp;

namespace Cosim.Conformance.Tests.Broken;

/// <summary>Moves its first multi-DW DMA write so it starts 4 bytes before a 4 KiB boundary: it crosses it.</summary>
internal sealed class WriteCrossing4KiB(IPcieFunction inner) : BrokenFunction(inner)
{
    private bool _done;

    protected override void SendUpstream(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (!_done && header.Kind == TlpKind.MemoryWrite && header.Length > 1 && !IsInterruptWindow(header.Address))
        {
            _done = true;
            Forward(header with { Address = (header.Address | 0xFFF) - 3 }, payload);
            return;
        }

        Forward(header, payload);
    }
}
