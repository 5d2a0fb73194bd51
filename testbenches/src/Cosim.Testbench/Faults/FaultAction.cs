namespace Cosim.Testbench.Faults;

/// <summary>What the root complex does to a function's request that a <see cref="FaultRule"/> matches.</summary>
public enum FaultAction : byte
{
    /// <summary>Nothing yet: the rule has no action.</summary>
    None,

    /// <summary>Answer a read with one completion of the rule's status (UR, CA, CRS) and no data; drop a write.</summary>
    CompleteWithStatus,

    /// <summary>Answer a read with the right data in completions that have EP set; drop a write.</summary>
    Poison,

    /// <summary>Answer (or apply) as usual, but later by the rule's delay of simulated time.</summary>
    Delay,

    /// <summary>Never answer a read (it ends by Completion Timeout); discard a write.</summary>
    Drop,
}
