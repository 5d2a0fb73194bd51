namespace Cosim.Models.PciEpfTest;

/// <summary>Command dispatch and the completion interrupt.</summary>
/// <remarks>
/// A COMMAND write clears STATUS at once (a shared INTx arriving between the host's reinit and its next wait must not
/// find a stale STATUS_IRQ_RAISED), then acts on the latched registers: interrupts, doorbell and subrange commands
/// synchronously, READ/WRITE/COPY as a task. Like the real endpoint, a command with an IRQ_TYPE above MSI-X, or a
/// value that is not exactly one known command, is refused without an interrupt.
/// </remarks>
public sealed partial class PciEpfTestDevice
{
    private const int MaxIrqNumber = MsiVectors > MsixTableSize ? MsiVectors : MsixTableSize;

    private bool _intxPulse;

    private void OnCommandWritten(uint value)
    {
        // The real endpoint clears COMMAND when it picks a command up; 0 is "no command".
        _command.Value = 0;
        if (value == 0)
        {
            return;
        }

        if (_transferRunning)
        {
            if (FirstTime(PciEpfTestLog.CommandWhileBusyEvent))
            {
                PciEpfTestLog.CommandWhileBusy(Logger, value);
            }

            return;
        }

        _status.Value = 0;
        EndIntxPulse();
        if (_irqType.Value > (ulong)PciEpfTestIrqType.Msix)
        {
            if (FirstTime(PciEpfTestLog.InvalidIrqTypeEvent))
            {
                PciEpfTestLog.InvalidIrqType(Logger, _irqType.Value, value);
            }

            return;
        }

        var command = (PciEpfTestCommand)value;
        switch (command)
        {
            case PciEpfTestCommand.RaiseIntx:
            case PciEpfTestCommand.RaiseMsi:
            case PciEpfTestCommand.RaiseMsix:
                RaiseCompletionInterrupt();
                break;
            case PciEpfTestCommand.Read:
            case PciEpfTestCommand.Write:
            case PciEpfTestCommand.Copy:
                StartTransfer(command);
                break;
            case PciEpfTestCommand.EnableDoorbell:
                EnableDoorbell();
                break;
            case PciEpfTestCommand.DisableDoorbell:
                DisableDoorbell();
                break;
            case PciEpfTestCommand.BarSubrangeSetup:
                SetUpBarSubrange();
                break;
            case PciEpfTestCommand.BarSubrangeClear:
                ClearBarSubrange();
                break;
            default:
                if (FirstTime(PciEpfTestLog.InvalidCommandEvent))
                {
                    PciEpfTestLog.InvalidCommand(Logger, value);
                }

                break;
        }
    }

    private void SetStatus(PciEpfTestStatus bits) => _status.Value |= (ulong)bits;

    // Called with the gate held. STATUS_IRQ_RAISED first: the host's handler reads STATUS before anything else and
    // tests only that bit. Then the interrupt IRQ_TYPE names: an INTx pulse (IRQ_NUMBER is not used), or MSI / MSI-X
    // vector IRQ_NUMBER − 1, and nothing when IRQ_NUMBER is 0 or beyond the vectors enabled (the engine checks the
    // upper bound, the enable bits and the masks).
    private void RaiseCompletionInterrupt()
    {
        SetStatus(PciEpfTestStatus.IrqRaised);
        var type = (PciEpfTestIrqType)_irqType.Value;
        ulong number = _irqNumber.Value;
        if (type == PciEpfTestIrqType.Intx)
        {
            _intxPulse = true;
            Interrupts.Intx.Assert();
            return;
        }

        if (number == 0 || number > MaxIrqNumber)
        {
            if (FirstTime(PciEpfTestLog.InvalidIrqNumberEvent))
            {
                PciEpfTestLog.InvalidIrqNumber(Logger, number, type);
            }

            return;
        }

        if (type == PciEpfTestIrqType.Msi)
        {
            Interrupts.Msi.Signal((int)number - 1);
        }
        else
        {
            Interrupts.MsiX.Signal((int)number - 1);
        }
    }

    // The INTx pulse ends when the host reads STATUS (its handler does so first) or writes the next command: the
    // handler never acknowledges, so a level held longer would fire again.
    private ulong OnStatusRead(ulong value)
    {
        EndIntxPulse();
        return value;
    }

    private void EndIntxPulse()
    {
        if (_intxPulse)
        {
            _intxPulse = false;
            Interrupts.Intx.Deassert();
        }
    }

    // Guest mistakes are logged once per kind, by event id.
    private bool FirstTime(int eventId) => _loggedOnce.Add(eventId);
}
