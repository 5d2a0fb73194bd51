using Cosim.Tlp;

namespace Cosim.Server.Tests.Fakes;

/// <summary>
/// A function on a made-up simulation clock, as an RTL model is: every TLP that crosses it, either way, first
/// advances the clock by <see cref="CyclesPerTlp"/> (the cycles the model runs to take or make it).
/// </summary>
internal sealed class ClockedFunction(IPcieFunction inner) : IPcieFunction, ISimulationClock
{
    public const ulong CyclesPerTlp = 10;

    private ulong _cycle;

    public ulong Cycle => Volatile.Read(ref _cycle);

    public void Attach(ITlpReceiver upstream) => inner.Attach(new Advancing(this, upstream));

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        Advance();
        inner.Receive(header, payload);
    }

    public void Reset() => inner.Reset();

    private void Advance() => Interlocked.Add(ref _cycle, CyclesPerTlp);

    private sealed class Advancing(ClockedFunction clock, ITlpReceiver upstream) : ITlpReceiver
    {
        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
        {
            clock.Advance();
            upstream.Receive(header, payload);
        }
    }
}
