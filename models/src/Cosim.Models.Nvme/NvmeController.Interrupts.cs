using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme;

/// <summary>
/// Completion interrupts (NVMe Base 1.4 §7.5): with MSI-X, each Completion Queue raises its own vector (IV) once
/// per entry posted; with MSI, vector IV unless INTMS masks it (unmasking raises it again for queues with entries
/// waiting); with neither, INTA is asserted while any interrupt-enabled Completion Queue holds entries the host has
/// not consumed and INTMS bit 0 is clear. Interrupt coalescing is not applied.
/// </summary>
public sealed partial class NvmeController
{
    private const ulong PinVectorMask = 1;

    private void SignalCompletionQueue(CompletionQueue queue)
    {
        if (!queue.InterruptsEnabled)
        {
            return;
        }

        lock (Gate)
        {
            if (ConfigSpace.MsiX?.Enabled == true)
            {
                Interrupts.MsiX.Signal(queue.InterruptVector);
            }
            else if (ConfigSpace.Msi?.Enabled == true)
            {
                if ((_interruptMask.Value & (1UL << queue.InterruptVector)) == 0)
                {
                    Interrupts.Msi.Signal(queue.InterruptVector);
                }
            }
            else
            {
                UpdateIntx();
            }
        }
    }

    private void OnInterruptMaskWritten(ulong mask)
    {
        // Keep both views equal, then re-raise MSI vectors that were unmasked while their queues wait.
        _interruptMask.Value = mask;
        _interruptMaskMirror.Value = mask;
        if (ConfigSpace.Msi?.Enabled == true && _session is { } session)
        {
            foreach (CompletionQueue queue in session.CompletionQueues())
            {
                if (queue.InterruptsEnabled && queue.Pending != 0 && (mask & (1UL << queue.InterruptVector)) == 0)
                {
                    Interrupts.Msi.Signal(queue.InterruptVector);
                }
            }
        }

        UpdateIntx();
    }

    private void UpdateIntx()
    {
        lock (Gate)
        {
            if (ConfigSpace.MsiX?.Enabled == true || ConfigSpace.Msi?.Enabled == true)
            {
                Interrupts.Intx.Deassert();
                return;
            }

            bool level = false;
            if (_session is { } session && (_interruptMask.Value & PinVectorMask) == 0)
            {
                foreach (CompletionQueue queue in session.CompletionQueues())
                {
                    level |= queue.InterruptsEnabled && queue.Pending != 0;
                }
            }

            if (level)
            {
                Interrupts.Intx.Assert();
            }
            else
            {
                Interrupts.Intx.Deassert();
            }
        }
    }
}
