namespace Cosim.Tlp;

/// <summary>
/// A PCIe function as its link partner sees it: it receives TLPs (requests for it, completions for its own
/// requests) and sends TLPs upstream (completions, DMA requests, MSI writes, INTx messages). The QEMU endpoint,
/// the TCP link, the router and the testbench all talk to devices through this interface only.
/// </summary>
public interface IPcieFunction : ITlpReceiver
{
    /// <summary>
    /// Connects the function's upstream port. Every TLP the function originates or completes goes to
    /// <paramref name="upstream"/>, from whatever thread produces it.
    /// </summary>
    void Attach(ITlpReceiver upstream);

    /// <summary>
    /// Conventional reset (hot reset, link down, vfio-user DEVICE_RESET): configuration space and device state
    /// return to their power-on values; outstanding requests of the function are dropped.
    /// </summary>
    void Reset();
}
