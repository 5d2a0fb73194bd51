using System.Buffers.Binary;

namespace Cosim.Models.PciEpfTest;

/// <summary>ENABLE_DOORBELL / DISABLE_DOORBELL and the doorbell itself.</summary>
/// <remarks>
/// The real endpoint maps an MSI doorbell of its own interrupt controller into a free BAR. Here the doorbell is a
/// fixed dword of BAR1's RAM: ENABLE publishes it in DB_BAR, DB_OFFSET and DB_DATA; while it is armed, a host write
/// that leaves DB_DATA in that dword sets STATUS_DOORBELL_SUCCESS and raises the interrupt, once per write. The host
/// then sends DISABLE, and DB_BAR goes back to FFFFFFFFh (none).
/// </remarks>
public sealed partial class PciEpfTestDevice
{
    /// <summary>The BAR that holds the doorbell.</summary>
    public const int DoorbellBarIndex = 1;

    /// <summary>The doorbell's byte offset in <see cref="DoorbellBarIndex"/>.</summary>
    public const uint DoorbellOffset = 0x100;

    /// <summary>The value the host must write to ring the doorbell.</summary>
    public const uint DoorbellValue = 0xDB00_0001;

    /// <summary>DB_BAR while the doorbell is disarmed: no BAR.</summary>
    private const uint NoDoorbellBar = uint.MaxValue;

    private const int DoorbellBytes = sizeof(uint);

    private bool _doorbellArmed;

    private void EnableDoorbell()
    {
        _doorbellBar.Value = DoorbellBarIndex;
        _doorbellOffset.Value = DoorbellOffset;
        _doorbellData.Value = DoorbellValue;
        _doorbellArmed = true;
        SetStatus(PciEpfTestStatus.DoorbellEnableSuccess);
        RaiseCompletionInterrupt();
    }

    private void DisableDoorbell()
    {
        _doorbellBar.Value = NoDoorbellBar;
        _doorbellOffset.Value = 0;
        _doorbellData.Value = 0;
        _doorbellArmed = false;
        SetStatus(PciEpfTestStatus.DoorbellDisableSuccess);
        RaiseCompletionInterrupt();
    }

    // Every software write to a RAM BAR lands here (with the gate held); only the armed doorbell dword matters.
    private void OnRamWritten(int bar, int offset, int length)
    {
        if (!_doorbellArmed || bar != DoorbellBarIndex || offset >= DoorbellOffset + DoorbellBytes || offset + length <= DoorbellOffset)
        {
            return;
        }

        uint written = BinaryPrimitives.ReadUInt32LittleEndian(_ram[bar]!.Bytes[(int)DoorbellOffset..]);
        if (written != DoorbellValue)
        {
            if (FirstTime(PciEpfTestLog.WrongDoorbellValueEvent))
            {
                PciEpfTestLog.WrongDoorbellValue(Logger, written, DoorbellValue);
            }

            return;
        }

        SetStatus(PciEpfTestStatus.DoorbellSuccess);
        RaiseCompletionInterrupt();
    }
}
