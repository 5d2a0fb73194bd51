namespace Cosim.Tlp.Transactions;

/// <summary>What one completion did to its outstanding request.</summary>
public enum CompletionMatchOutcome : byte
{
    /// <summary>The completion matched and its data was copied; more completions are expected.</summary>
    Partial,

    /// <summary>The completion matched and was the last: the request is done and no longer tracked.</summary>
    Complete,

    /// <summary>The completion was refused; <see cref="CompletionMatch.Mismatch"/> names the rule.</summary>
    Mismatch,
}
