namespace Cosim.Server.Injection;

/// <summary>What an <see cref="InjectionRule"/> does to a device request it matches (configuration: <c>Action</c>).</summary>
public enum InjectionAction : byte
{
    /// <summary><c>CA</c>: a read is answered with one Completer Abort completion (no data); a write is discarded.</summary>
    CompleterAbort,

    /// <summary><c>UR</c>: a read is answered with one Unsupported Request completion (no data); a write is discarded.</summary>
    UnsupportedRequest,

    /// <summary><c>Poison</c>: a read is answered by the host as usual but its completions arrive with EP set; a write goes up with EP set.</summary>
    Poison,

    /// <summary><c>Drop</c>: the request is discarded; a read is never answered (the device's Completion Timeout ends it).</summary>
    Drop,

    /// <summary><c>Delay</c>: the request goes to the host <c>DelayMilliseconds</c> later, so its completions arrive that much later.</summary>
    Delay,
}
