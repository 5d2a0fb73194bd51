namespace Cosim.Server.Checking;

/// <summary>
/// Whether the TLP protocol checker watches device links, and its Completion Timeout. Read from the top-level
/// <c>CheckTlp</c> key (<c>true</c>, or <c>{"Enabled": true, "CompletionTimeoutMilliseconds": 5000}</c>) and
/// <c>--check-tlp</c>; <c>Devices:N:CheckTlp</c> turns it on or off for one device.
/// </summary>
/// <param name="Enabled">Check every device link unless the device says otherwise.</param>
/// <param name="CompletionTimeout">How long a non-posted request may wait for its completions before it is a violation.</param>
public sealed record CheckTlpSettings(bool Enabled, TimeSpan CompletionTimeout)
{
    /// <summary>
    /// The default Completion Timeout of a live link: 5 s, the device DMA engine's own timeout. Far above the spec's
    /// 50 ms because a request may wait for QEMU (DMA messages), a loaded host or a simulated RTL clock.
    /// </summary>
    public static readonly TimeSpan DefaultCompletionTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Checking off, default timeout.</summary>
    public static CheckTlpSettings Off { get; } = new(false, DefaultCompletionTimeout);

    /// <summary>Checking on, default timeout.</summary>
    public static CheckTlpSettings On { get; } = new(true, DefaultCompletionTimeout);

    /// <summary>Whether a device with the per-device override <paramref name="deviceOverride"/> is checked.</summary>
    public bool AppliesTo(bool? deviceOverride) => deviceOverride ?? Enabled;
}
