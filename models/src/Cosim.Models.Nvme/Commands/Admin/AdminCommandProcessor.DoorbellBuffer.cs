using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>Doorbell Buffer Config (NVMe Base 1.4 §5.8): where the host shadows the I/O queues' doorbells.</summary>
/// <remarks>
/// <code>
/// PRP1: Shadow Doorbell buffer (memory page aligned)     PRP2: EventIdx buffer (memory page aligned)
/// </code>
/// "If the PRP Entry 1 or PRP Entry 2 field is not memory page aligned, the controller shall abort the command with
/// Invalid Field in Command." The buffers apply to every I/O queue, existing or created later, until a reset.
/// </remarks>
internal sealed partial class AdminCommandProcessor
{
    private CommandResult ConfigureDoorbellBuffers(SubmissionQueueEntry command)
    {
        ulong pageMask = (ulong)_session.PageSize - 1;
        if (command.Prp1 == 0 || command.Prp2 == 0 || (command.Prp1 & pageMask) != 0 || (command.Prp2 & pageMask) != 0)
        {
            return NvmeStatus.InvalidFieldInCommand;
        }

        _session.ShadowDoorbells = new ShadowDoorbells(command.Prp1, command.Prp2, NvmeController.DoorbellStride);
        return CommandResult.Success;
    }
}
