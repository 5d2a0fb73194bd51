namespace Cosim.VfioUser;

/// <summary>How one of the endpoint's non-posted requests to the function ended.</summary>
internal enum RequestOutcome
{
    /// <summary>Successful Completion; read data is valid.</summary>
    Success,

    /// <summary>A completion with UR, CA, CRS or a reserved status: the root complex answers the CPU with all-ones.</summary>
    Unsuccessful,

    /// <summary>No completion within the completion timeout.</summary>
    TimedOut,
}
