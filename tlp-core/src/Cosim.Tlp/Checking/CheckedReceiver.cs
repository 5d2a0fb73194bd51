namespace Cosim.Tlp.Checking;

/// <summary>The tap <see cref="TlpChecker.Wrap(ITlpReceiver, LinkDirection)"/> returns: check, then forward.</summary>
internal sealed class CheckedReceiver(TlpChecker checker, ITlpReceiver inner, LinkDirection direction) : ITlpReceiver
{
    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        checker.Observe(direction, header, payload);
        inner.Receive(header, payload);
    }
}
