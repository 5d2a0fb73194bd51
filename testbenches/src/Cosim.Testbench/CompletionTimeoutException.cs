using Cosim.Tlp;

namespace Cosim.Testbench;

/// <summary>A request of the root complex got no (or not every) completion within the simulated Completion Timeout.</summary>
public sealed class CompletionTimeoutException(TlpHeader request, TimeSpan timeout)
    : TimeoutException($"No completion within the {timeout.TotalMilliseconds} ms Completion Timeout (simulated) for {request}")
{
    /// <summary>The request that went unanswered.</summary>
    public TlpHeader Request { get; } = request;
}
