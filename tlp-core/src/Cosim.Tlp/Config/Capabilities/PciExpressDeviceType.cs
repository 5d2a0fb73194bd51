namespace Cosim.Tlp.Config.Capabilities;

/// <summary>
/// PCI Express Capabilities register Device/Port Type[7:4] values a type-0 (endpoint) function can have
/// (PCIe Base 6.0 §7.5.3.2). Ports and bridges have type-1 headers and are not modelled here.
/// </summary>
public enum PciExpressDeviceType : byte
{
    /// <summary>0000b: PCI Express Endpoint.</summary>
    Endpoint = 0b0000,

    /// <summary>0001b: Legacy PCI Express Endpoint (may use I/O and locked requests).</summary>
    LegacyEndpoint = 0b0001,

    /// <summary>1001b: Root Complex Integrated Endpoint (no Link registers).</summary>
    RootComplexIntegratedEndpoint = 0b1001,
}
