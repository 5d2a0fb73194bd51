namespace Cosim.Device.Dma;

/// <summary>How a DMA transfer ended: the completion status, or why no completion could be had.</summary>
public enum DmaStatus
{
    /// <summary>Every byte moved; every completion was Successful Completion.</summary>
    Success,

    /// <summary>A completion returned UR: the host has nothing at that address.</summary>
    UnsupportedRequest,

    /// <summary>A completion returned CA.</summary>
    CompleterAbort,

    /// <summary>A completion returned CRS (only legal for configuration requests; reported as such).</summary>
    ConfigurationRequestRetry,

    /// <summary>A completion carried poisoned data (EP).</summary>
    Poisoned,

    /// <summary>No (or not every) completion arrived within the completion timeout.</summary>
    CompletionTimeout,

    /// <summary>Nothing was sent: Bus Master Enable is clear in the Command register.</summary>
    BusMasterDisabled,

    /// <summary>The link went down or the function was reset while the transfer was outstanding.</summary>
    Aborted,
}
