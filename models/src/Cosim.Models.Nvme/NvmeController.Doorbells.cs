using Cosim.Models.Nvme.Commands.Admin;

namespace Cosim.Models.Nvme;

/// <summary>
/// Doorbell writes (NVMe Base 1.4 §3.1.24-25), in register callbacks: they record the new tail or head and wake
/// the queue's worker, nothing more. A doorbell of a queue that does not exist, or a value beyond the queue, is
/// ignored and reported as an Error status asynchronous event (§5.2, Figure 144).
/// </summary>
public sealed partial class NvmeController
{
    private void OnSubmissionQueueTailWritten(int queueId, ulong tail)
    {
        if (_session is not { } session)
        {
            return; // not enabled (or reset): nothing fetches
        }

        if (session.GetSubmissionQueue(queueId) is not { } queue)
        {
            InvalidDoorbell(session, "submission queue tail", queueId);
            return;
        }

        if (!queue.TryRingDoorbell((int)tail))
        {
            InvalidDoorbellValue(session, "submission queue tail", queueId, tail);
        }
    }

    private void OnCompletionQueueHeadWritten(int queueId, ulong head)
    {
        if (_session is not { } session)
        {
            return;
        }

        if (session.GetCompletionQueue(queueId) is not { } queue)
        {
            InvalidDoorbell(session, "completion queue head", queueId);
            return;
        }

        if (!queue.TryUpdateHead((int)head))
        {
            InvalidDoorbellValue(session, "completion queue head", queueId, head);
            return;
        }

        if (ConfigSpace.MsiX?.Enabled != true && ConfigSpace.Msi?.Enabled != true)
        {
            queue.KeepHeadDoorbellRinging((int)head);
        }

        UpdateIntx();
    }

    private void InvalidDoorbell(ControllerSession session, string kind, int queueId)
    {
        if (LogOnce(NvmeLog.InvalidDoorbellEvent))
        {
            NvmeLog.InvalidDoorbell(Logger, kind, queueId);
        }

        session.Events.Report(AsyncEventType.ErrorStatus, (byte)ErrorStatusEvent.WriteToInvalidDoorbellRegister, LogPageIdentifier.ErrorInformation);
    }

    private void InvalidDoorbellValue(ControllerSession session, string kind, int queueId, ulong value)
    {
        if (LogOnce(NvmeLog.InvalidDoorbellValueEvent))
        {
            NvmeLog.InvalidDoorbellValue(Logger, kind, queueId, value);
        }

        session.Events.Report(AsyncEventType.ErrorStatus, (byte)ErrorStatusEvent.InvalidDoorbellWriteValue, LogPageIdentifier.ErrorInformation);
    }
}
