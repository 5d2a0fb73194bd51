namespace Cosim.Models.Nvme.Commands;

/// <summary>The Status Field bits of a completion (NVMe Base 1.4 §4.6.1).</summary>
public static class NvmeStatusExtensions
{
    private const int StatusCodeMask = 0xFF;
    private const int StatusCodeTypeShift = 8;
    private const int StatusCodeTypeMask = 0b111;
    private const ushort DoNotRetryBit = 1 << 14;

    /// <summary>SC: the Status Code.</summary>
    public static byte StatusCode(this NvmeStatus status) => (byte)((ushort)status & StatusCodeMask);

    /// <summary>SCT: the Status Code Type (0 generic, 1 command specific, 2 media and data integrity).</summary>
    public static int StatusCodeType(this NvmeStatus status) => ((ushort)status >> StatusCodeTypeShift) & StatusCodeTypeMask;

    /// <summary>
    /// DNR (Do Not Retry): set when the same command would fail again. Transient failures (a DMA error, an internal
    /// error, an abort) leave it clear so that the host may retry.
    /// </summary>
    public static bool DoNotRetry(this NvmeStatus status) => status is not (NvmeStatus.Success or NvmeStatus.DataTransferError
        or NvmeStatus.InternalError or NvmeStatus.CommandAbortRequested or NvmeStatus.CommandAbortedDueToSqDeletion);

    /// <summary>The 15-bit Status Field (Dword 3 bits 31:17): SC, SCT, CRD 0, M 0, DNR.</summary>
    public static ushort ToStatusField(this NvmeStatus status) =>
        (ushort)(status.StatusCode() | (status.StatusCodeType() << StatusCodeTypeShift) | (status.DoNotRetry() ? DoNotRetryBit : 0));

    /// <summary>Decodes a Status Field (Dword 3 bits 31:17) back to its SCT and SC, dropping CRD, M and DNR.</summary>
    public static NvmeStatus FromStatusField(ushort statusField) =>
        (NvmeStatus)((statusField & StatusCodeMask) | (((statusField >> StatusCodeTypeShift) & StatusCodeTypeMask) << StatusCodeTypeShift));
}
