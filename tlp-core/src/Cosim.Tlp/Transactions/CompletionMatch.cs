namespace Cosim.Tlp.Transactions;

/// <summary>The result of <see cref="CompletionTracker.Match"/>: what the completion did and to which request.</summary>
public readonly record struct CompletionMatch
{
    /// <summary>Partial, Complete or Mismatch.</summary>
    public CompletionMatchOutcome Outcome { get; init; }

    /// <summary>The broken rule when <see cref="Outcome"/> is Mismatch; otherwise None.</summary>
    public CompletionMismatch Mismatch { get; init; }

    /// <summary>
    /// The request the completion belongs to, after this completion (default for <see cref="CompletionMismatch.UnexpectedTag"/>).
    /// </summary>
    public OutstandingRequest Request { get; init; }

    /// <summary>Data bytes this completion copied into the request's destination.</summary>
    public int BytesCopied { get; init; }

    /// <summary>True when the request is no longer tracked: it completed, or a non-successful status terminated it.</summary>
    public bool RequestEnded => Outcome == CompletionMatchOutcome.Complete || Mismatch == CompletionMismatch.StatusNotSuccessful;
}
