namespace Cosim.Tlp.Checking;

/// <summary>A function behind a checker, as <see cref="TlpChecker.Wrap(IPcieFunction)"/> returns it.</summary>
internal sealed class CheckedFunction(TlpChecker checker, IPcieFunction function) : IPcieFunction
{
    public void Attach(ITlpReceiver upstream) => function.Attach(checker.Wrap(upstream, LinkDirection.Upstream));

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        checker.Observe(LinkDirection.Downstream, header, payload);
        function.Receive(header, payload);
    }

    public void Reset()
    {
        function.Reset();
        checker.Reset();
    }
}
