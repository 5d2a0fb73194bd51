using Cosim.Tlp;
using Cosim.Tlp.Config;

namespace Cosim.Conformance.Tests.Broken;

/// <summary>Ignores Bus Master Enable: every Command register write reaches the function with the bit set.</summary>
internal sealed class DmaWithoutBusMaster(IPcieFunction inner) : BrokenFunction(inner)
{
    private const int CommandRegister = 0x04;

    public override void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.Kind == TlpKind.ConfigWrite0 && header.Address == CommandRegister && (header.FirstDwByteEnables & 1) != 0)
        {
            byte[] forced = payload.ToArray();
            forced[0] |= (byte)CommandFlags.BusMasterEnable;
            base.Receive(header, forced);
            return;
        }

        base.Receive(header, payload);
    }
}
