using Cosim.Tlp;

namespace Cosim.Conformance.Tests.Broken;

/// <summary>
/// A correct function with one deliberate protocol bug spliced into its link: subclasses rewrite what it sends
/// (<see cref="SendUpstream"/>) or what it is told (<see cref="Receive"/>). Kept as negative tests: the checker must
/// name the rule each one breaks.
/// </summary>
internal abstract class BrokenFunction(IPcieFunction inner) : IPcieFunction
{
    private ITlpReceiver? _upstream;

    public void Attach(ITlpReceiver upstream)
    {
        _upstream = upstream;
        inner.Attach(new Tap(this));
    }

    public virtual void Receive(in TlpHeader header, ReadOnlySpan<byte> payload) => inner.Receive(header, payload);

    public void Reset() => inner.Reset();

    /// <summary>Called with every TLP the inner function sends; forwards it unchanged unless overridden.</summary>
    protected virtual void SendUpstream(in TlpHeader header, ReadOnlySpan<byte> payload) => Forward(header, payload);

    protected void Forward(in TlpHeader header, ReadOnlySpan<byte> payload) => _upstream!.Receive(header, payload);

    protected static bool IsInterruptWindow(ulong address) => address is >= 0xFEE0_0000 and < 0xFEF0_0000;

    private sealed class Tap(BrokenFunction owner) : ITlpReceiver
    {
        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload) => owner.SendUpstream(header, payload);
    }
}
