namespace Cosim.Hdl.TlpStream;

/// <summary>The four TLP streams of the RTL interface (docs/rtl-interface.md), named from the device's side.</summary>
public enum TlpChannel
{
    /// <summary><c>h2d_req_*</c>: memory, I/O and message requests from the host to the function.</summary>
    HostToDeviceRequest,

    /// <summary><c>h2d_cpl_*</c>: completions from the host for the function's own (DMA) reads.</summary>
    HostToDeviceCompletion,

    /// <summary><c>d2h_cpl_*</c>: the function's completions for the host's requests.</summary>
    DeviceToHostCompletion,

    /// <summary><c>d2h_req_*</c>: the function's own requests (DMA reads and writes).</summary>
    DeviceToHostRequest,

    /// <summary>Not a stream: a TLP the bridge itself made or answered (configuration, MSI, MSI-X table, INTx messages).</summary>
    Bridge,
}
