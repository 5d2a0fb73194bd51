using Cosim.Tlp;
using Cosim.Tlp.Transactions;

namespace Cosim.Testbench;

/// <summary>A completion for a request of the root complex broke a rule (byte count, lower address, length, EP ...).</summary>
public sealed class CompletionMismatchException(CompletionMismatch mismatch, TlpHeader request, TlpHeader completion)
    : Exception($"{mismatch}: {completion} does not complete {request}")
{
    /// <summary>The rule it broke.</summary>
    public CompletionMismatch Mismatch { get; } = mismatch;

    /// <summary>The request.</summary>
    public TlpHeader Request { get; } = request;

    /// <summary>The refused completion.</summary>
    public TlpHeader Completion { get; } = completion;
}
