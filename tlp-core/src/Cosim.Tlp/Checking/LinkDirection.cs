namespace Cosim.Tlp.Checking;

/// <summary>Which way a TLP travels on a link between a Root Complex (or switch port) and one function.</summary>
public enum LinkDirection : byte
{
    /// <summary>Toward the function: the host's requests and the completions of the function's own requests.</summary>
    Downstream,

    /// <summary>Away from the function: its completions, DMA requests, MSI/MSI-X writes and INTx messages.</summary>
    Upstream,
}
