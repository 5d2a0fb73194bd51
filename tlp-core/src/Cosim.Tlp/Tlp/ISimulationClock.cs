namespace Cosim.Tlp;

/// <summary>
/// A function whose device logic runs on a simulated clock (an RTL model). Whoever watches its link (a TLP trace)
/// reads <see cref="Cycle"/> while a TLP crosses it, so the TLP can be found in the simulation's waveform.
/// </summary>
/// <remarks>
/// An optional companion of <see cref="IPcieFunction"/>: a layer that wraps a function checks for it once and
/// needs no reference to the simulator. Reading <see cref="Cycle"/> must be cheap, must not throw, and may happen
/// on any thread, also while the clock runs.
/// </remarks>
public interface ISimulationClock
{
    /// <summary>
    /// The clock cycles simulated so far: during <see cref="ITlpReceiver.Receive"/> of a TLP for the function, the
    /// cycle at which it arrived; during delivery of a TLP the function sent, the cycle after which it was sent.
    /// </summary>
    ulong Cycle { get; }
}
