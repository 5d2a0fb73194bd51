using Cosim.Tlp;

namespace Cosim.Cli.Bench;

/// <summary>The root-complex end of the link bench: counts the completions that come back.</summary>
internal sealed class CompletionCounter : ITlpReceiver
{
    private long _completions;

    public long Completions => Volatile.Read(ref _completions);

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.IsCompletion)
        {
            Interlocked.Increment(ref _completions);
        }
    }

    /// <summary>Spins (then yields) until the count passes <paramref name="count"/>; false after <paramref name="timeout"/>.</summary>
    public bool WaitFor(long count, TimeSpan timeout) => SpinWait.SpinUntil(() => Completions >= count, timeout);
}
