namespace Cosim.Tlp.Config;

/// <summary>
/// What a configuration write changed, as reported by <see cref="ConfigSpace.Changed"/> after the write is complete.
/// A register event fires only when a write changed the register's value; <see cref="FunctionLevelReset"/> fires on
/// every write of 1 to Initiate Function Level Reset.
/// </summary>
public enum ConfigChange
{
    /// <summary>Nothing a function reacts to.</summary>
    None = 0,

    /// <summary>The Command register (IO/Memory Space Enable, Bus Master Enable, Interrupt Disable, ...).</summary>
    Command = 1,

    /// <summary>A Base Address register or the Expansion ROM Base Address register (address or ROM Enable).</summary>
    BaseAddress = 2,

    /// <summary>MSI Message Control (MSI Enable, Multiple Message Enable).</summary>
    MsiControl = 3,

    /// <summary>MSI-X Message Control (MSI-X Enable, Function Mask).</summary>
    MsixControl = 4,

    /// <summary>PMCSR PowerState moved between D0 and D3hot.</summary>
    PowerState = 5,

    /// <summary>
    /// Initiate Function Level Reset was written with 1 (PCIe Base 6.0 §7.5.3.4). The configuration registers were
    /// already reset when this fires; the function resets its own state.
    /// </summary>
    FunctionLevelReset = 6,
}
