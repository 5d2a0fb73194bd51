namespace Cosim.Tlp.Config.Capabilities;

/// <summary>PCI Express Extended Capability IDs (PCI Code and ID Assignment Specification §3).</summary>
public enum ExtendedCapabilityId : ushort
{
    /// <summary>0000h: no extended capability (the header at 100h of a function without any).</summary>
    None = 0x0000,

    /// <summary>0001h: Advanced Error Reporting (AER).</summary>
    AdvancedErrorReporting = 0x0001,
}
