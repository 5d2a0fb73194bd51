using Cosim.Device.Registers;

namespace Cosim.Models.PciEpfTest;

/// <summary>BAR_SUBRANGE_SETUP / BAR_SUBRANGE_CLEAR, with SIZE holding the BAR number.</summary>
/// <remarks>
/// The real endpoint maps the BAR as two subranges in swapped order and writes a signature into each; the host
/// checks the first and last dword of each half for the byte 50h + 8·bar + i, then fills and reads back the halves.
/// Only that signature layout is visible to the host, so the model writes it and maps nothing. The register BAR, an
/// absent BAR or a BAR of odd size fails the command; the interrupt is raised either way.
/// </remarks>
public sealed partial class PciEpfTestDevice
{
    /// <summary>Number of subranges a BAR is split into.</summary>
    public const int SubrangeCount = 2;

    /// <summary>The signature byte of subrange 0 of BAR0; each BAR adds <see cref="SubrangeSignatureBarStride"/>, each subrange 1.</summary>
    public const byte SubrangeSignatureBase = 0x50;

    /// <summary>How far apart the signatures of consecutive BARs are.</summary>
    public const int SubrangeSignatureBarStride = 8;

    /// <summary>The byte subrange <paramref name="subrange"/> of BAR <paramref name="bar"/> is filled with.</summary>
    public static byte SubrangeSignature(int bar, int subrange) => (byte)(SubrangeSignatureBase + (SubrangeSignatureBarStride * bar) + subrange);

    private void SetUpBarSubrange()
    {
        if (!TryGetSubrangeBar(out int bar, out MemoryArea? ram))
        {
            SetStatus(PciEpfTestStatus.BarSubrangeSetupFail);
            RaiseCompletionInterrupt();
            return;
        }

        int subrangeSize = ram.Size / SubrangeCount;
        for (int subrange = 0; subrange < SubrangeCount; subrange++)
        {
            ram.Bytes.Slice(subrange * subrangeSize, subrangeSize).Fill(SubrangeSignature(bar, subrange));
        }

        SetStatus(PciEpfTestStatus.BarSubrangeSetupSuccess);
        RaiseCompletionInterrupt();
    }

    private void ClearBarSubrange()
    {
        SetStatus(TryGetSubrangeBar(out _, out _) ? PciEpfTestStatus.BarSubrangeClearSuccess : PciEpfTestStatus.BarSubrangeClearFail);
        RaiseCompletionInterrupt();
    }

    private bool TryGetSubrangeBar(out int bar, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemoryArea? ram)
    {
        ulong requested = _size.Value;
        bar = requested < BarCount ? (int)requested : -1;
        ram = bar > RegisterBar ? _ram[bar] : null;
        if (ram is null || ram.Size % SubrangeCount != 0)
        {
            if (FirstTime(PciEpfTestLog.InvalidSubrangeBarEvent))
            {
                PciEpfTestLog.InvalidSubrangeBar(Logger, requested);
            }

            ram = null;
            return false;
        }

        return true;
    }
}
