namespace Cosim.Models.PciEpfTest;

/// <summary>STATUS register bits. The device clears STATUS when a command is written; the host may write it too.</summary>
[Flags]
public enum PciEpfTestStatus : uint
{
    /// <summary>No bit set.</summary>
    None = 0,

    /// <summary>STATUS_READ_SUCCESS: COMMAND_READ's checksum matched.</summary>
    ReadSuccess = 1u << 0,

    /// <summary>STATUS_READ_FAIL.</summary>
    ReadFail = 1u << 1,

    /// <summary>STATUS_WRITE_SUCCESS.</summary>
    WriteSuccess = 1u << 2,

    /// <summary>STATUS_WRITE_FAIL.</summary>
    WriteFail = 1u << 3,

    /// <summary>STATUS_COPY_SUCCESS.</summary>
    CopySuccess = 1u << 4,

    /// <summary>STATUS_COPY_FAIL.</summary>
    CopyFail = 1u << 5,

    /// <summary>STATUS_IRQ_RAISED: set before every interrupt; the host's handler tests only this bit.</summary>
    IrqRaised = 1u << 6,

    /// <summary>STATUS_SRC_ADDR_INVALID: the DMA read of SRC_ADDR failed.</summary>
    SourceAddressInvalid = 1u << 7,

    /// <summary>STATUS_DST_ADDR_INVALID: the DMA write to DST_ADDR failed.</summary>
    DestinationAddressInvalid = 1u << 8,

    /// <summary>STATUS_DOORBELL_SUCCESS: the host rang the doorbell.</summary>
    DoorbellSuccess = 1u << 9,

    /// <summary>STATUS_DOORBELL_ENABLE_SUCCESS.</summary>
    DoorbellEnableSuccess = 1u << 10,

    /// <summary>STATUS_DOORBELL_ENABLE_FAIL.</summary>
    DoorbellEnableFail = 1u << 11,

    /// <summary>STATUS_DOORBELL_DISABLE_SUCCESS.</summary>
    DoorbellDisableSuccess = 1u << 12,

    /// <summary>STATUS_DOORBELL_DISABLE_FAIL.</summary>
    DoorbellDisableFail = 1u << 13,

    /// <summary>STATUS_BAR_SUBRANGE_SETUP_SUCCESS.</summary>
    BarSubrangeSetupSuccess = 1u << 14,

    /// <summary>STATUS_BAR_SUBRANGE_SETUP_FAIL.</summary>
    BarSubrangeSetupFail = 1u << 15,

    /// <summary>STATUS_BAR_SUBRANGE_CLEAR_SUCCESS.</summary>
    BarSubrangeClearSuccess = 1u << 16,

    /// <summary>STATUS_BAR_SUBRANGE_CLEAR_FAIL.</summary>
    BarSubrangeClearFail = 1u << 17,

    /// <summary>STATUS_NO_RESOURCE: with a subrange failure, the host skips rather than fails (never set by this model).</summary>
    NoResource = 1u << 18,
}
