using Cosim.Tlp;

namespace Cosim.Conformance.Tests.Broken;

/// <summary>
/// Remembers the last MSI it sent and, once software has moved it back to INTx, sends that MSI again instead of
/// Assert_INTx (and drops the Deassert_INTx): it keeps using MSI after MSI Enable was cleared.
/// </summary>
internal sealed class MsiWhileDisabled(IPcieFunction inner) : BrokenFunction(inner)
{
    private TlpHeader? _lastMsi;
    private byte[] _lastData = [];

    protected override void SendUpstream(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.Kind == TlpKind.MemoryWrite && IsInterruptWindow(header.Address))
        {
            _lastMsi = header;
            _lastData = payload.ToArray();
        }
        else if (header.IsMessage && _lastMsi is { } msi && header.MessageCode is >= MessageCode.AssertIntA and <= MessageCode.DeassertIntD)
        {
            if (header.MessageCode <= MessageCode.AssertIntD)
            {
                Forward(msi, _lastData);
            }

            return;
        }

        Forward(header, payload);
    }
}
