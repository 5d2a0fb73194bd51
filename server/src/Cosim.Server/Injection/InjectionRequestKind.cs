namespace Cosim.Server.Injection;

/// <summary>Which device-originated requests an <see cref="InjectionRule"/> matches (configuration: <c>Request</c>).</summary>
public enum InjectionRequestKind : byte
{
    /// <summary><c>MemRd</c>: the device's DMA reads of host memory (MRd, MRdLk).</summary>
    MemoryRead,

    /// <summary><c>MemWr</c>: the device's DMA writes to host memory (never MSI/MSI-X writes into the interrupt window).</summary>
    MemoryWrite,
}
