namespace Cosim.Server.Tracing;

/// <summary>Which way a traced TLP travelled, seen from the device.</summary>
public enum TlpDirection : byte
{
    /// <summary>Toward the device: the host's requests, and completions of the device's DMA reads.</summary>
    Downstream = 0,

    /// <summary>From the device: its completions, DMA requests, MSI writes and INTx messages.</summary>
    Upstream = 1,
}
