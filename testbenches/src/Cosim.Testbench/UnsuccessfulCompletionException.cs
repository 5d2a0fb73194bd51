using Cosim.Tlp;

namespace Cosim.Testbench;

/// <summary>A request of the root complex was completed with UR, CA or CRS.</summary>
public sealed class UnsuccessfulCompletionException(TlpHeader request, TlpHeader completion)
    : Exception($"{completion.Status} for {request}: {completion}")
{
    /// <summary>The completion status.</summary>
    public CompletionStatus Status => Completion.Status;

    /// <summary>The request.</summary>
    public TlpHeader Request { get; } = request;

    /// <summary>The completion that ended it.</summary>
    public TlpHeader Completion { get; } = completion;
}
