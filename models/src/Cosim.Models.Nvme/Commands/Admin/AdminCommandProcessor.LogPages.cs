using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>Get Log Page (NVMe Base 1.4 §5.14).</summary>
/// <remarks>
/// <code>
/// CDW10: NUMDL[31:16] RAE[15] LSP[12:8] LID[7:0]     CDW11: LSI[31:16] NUMDU[15:0]
/// CDW12: LPOL (Log Page Offset Lower)                CDW13: LPOU
/// </code>
/// NUMD = NUMDU:NUMDL + 1 dwords. Bytes past the end of the log read as zeros; an offset past its end, or not
/// dword aligned, is Invalid Field in Command. A LID the controller does not keep is Invalid Log Page. Reading with
/// RAE cleared re-enables the asynchronous events the log reports.
/// </remarks>
internal sealed partial class AdminCommandProcessor
{
    private const uint LogPageIdMask = 0xFF;
    private const uint RetainAsynchronousEventBit = 1 << 15;
    private const int DwordBytes = 4;
    private const int ErrorInformationEntryBytes = 64;

    private ValueTask<CommandResult> GetLogPageAsync(SubmissionQueueEntry command, CancellationToken cancellationToken)
    {
        var logPage = (LogPageIdentifier)(command.Dword10 & LogPageIdMask);
        long dwords = ((((long)command.Dword11 & QueueCountMask) << HighHalfShift) | (command.Dword10 >> HighHalfShift)) + 1;
        ulong offset = ((ulong)command.Dword13 << 32) | command.Dword12;
        if (dwords * DwordBytes > ControllerProfile.MaxTransferBytes || offset % DwordBytes != 0)
        {
            return new(NvmeStatus.InvalidFieldInCommand);
        }

        int logSize;
        switch (logPage)
        {
            case LogPageIdentifier.ErrorInformation:
                logSize = (IdentifyControllerData.ErrorLogPageEntries + 1) * ErrorInformationEntryBytes;
                break;
            case LogPageIdentifier.SmartHealthInformation:
                if (command.NamespaceId is not (0 or ControllerProfile.NamespaceId or ControllerProfile.BroadcastNamespaceId))
                {
                    return new(NvmeStatus.InvalidNamespaceOrFormat);
                }

                logSize = SmartHealthLog.Size;
                break;
            case LogPageIdentifier.FirmwareSlotInformation:
                logSize = FirmwareSlotLog.Size;
                break;
            default:
                LogOnce(NvmeLog.UnsupportedLogPageEvent, () => NvmeLog.UnsupportedLogPage(_session.Services.Logger, (byte)logPage));
                return new(NvmeStatus.InvalidLogPage);
        }

        if (offset > (ulong)logSize)
        {
            return new(NvmeStatus.InvalidFieldInCommand);
        }

        int length = (int)(dwords * DwordBytes);
        byte[] log = RentZeroed(logSize);
        byte[] data = RentZeroed(length);
        try
        {
            if (logPage == LogPageIdentifier.SmartHealthInformation)
            {
                SmartHealthLog.Write(log, _counters);
            }
            else if (logPage == LogPageIdentifier.FirmwareSlotInformation)
            {
                FirmwareSlotLog.Write(log, Profile);
            }

            // The Error Information entries stay zero: an Error Count of 0 marks an entry unused.
            int copied = Math.Min(logSize - (int)offset, length);
            log.AsSpan((int)offset, copied).CopyTo(data);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(log);
        }

        if ((command.Dword10 & RetainAsynchronousEventBit) == 0)
        {
            _session.Events.Unmask(logPage);
        }

        return TransferToHostAsync(command, data, length, cancellationToken);
    }

    // §5.1: CDW10 SQID[15:0] CID[31:16]. Dword 0 bit 0 of the completion: 0 the command was aborted, 1 it was not.
    // Only a held Asynchronous Event Request can be aborted; I/O commands run to completion.
    private async ValueTask<CommandResult> AbortAsync(SubmissionQueueEntry command)
    {
        const uint NotAborted = 1;
        int queueId = (int)(command.Dword10 & QueueIdMask);
        ushort commandId = (ushort)(command.Dword10 >> HighHalfShift);
        if (queueId == 0 && await _session.Events.TryAbortAsync(commandId).ConfigureAwait(false))
        {
            return CommandResult.Success;
        }

        return new CommandResult(NvmeStatus.Success, NotAborted);
    }
}
