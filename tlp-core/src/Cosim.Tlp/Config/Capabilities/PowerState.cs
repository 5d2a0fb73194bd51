namespace Cosim.Tlp.Config.Capabilities;

/// <summary>PMCSR PowerState[1:0] (PCIe Base 6.0 §7.5.2.2).</summary>
public enum PowerState : byte
{
    /// <summary>00b: D0.</summary>
    D0 = 0b00,

    /// <summary>01b: D1 (not supported by Cosim functions; writes of it are discarded).</summary>
    D1 = 0b01,

    /// <summary>10b: D2 (not supported by Cosim functions; writes of it are discarded).</summary>
    D2 = 0b10,

    /// <summary>11b: D3hot. The function accepts only configuration and message requests.</summary>
    D3Hot = 0b11,
}
