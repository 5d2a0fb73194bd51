namespace Cosim.Models.Edu;

/// <summary>The interrupt status register and how it drives MSI or INTx.</summary>
/// <remarks>
/// The status register ORs in what raised the interrupt: a value written to 0x60, <see cref="FactorialInterrupt"/>
/// or <see cref="DmaInterrupt"/>. While it is non-zero, every raise sends MSI vector 0 when MSI is enabled and
/// asserts INTA otherwise; acknowledging (0x64) clears bits, and INTA drops when none is left and MSI is off. As in
/// QEMU, a raise of 0 while bits are still set signals again, and an MSI-era acknowledge leaves INTA alone.
/// </remarks>
public sealed partial class EduDevice
{
    /// <summary>The interrupt status bit of a finished factorial (FACT_IRQ).</summary>
    public const uint FactorialInterrupt = 0x0000_0001;

    /// <summary>The interrupt status bit of a finished DMA (DMA_IRQ).</summary>
    public const uint DmaInterrupt = 0x0000_0100;

    private bool MsiEnabled => ConfigSpace.Msi?.Enabled == true;

    // Called with the gate held.
    private void RaiseInterrupt(uint bits)
    {
        _interruptStatus.Value |= bits;
        if (_interruptStatus.Value == 0)
        {
            return;
        }

        if (MsiEnabled)
        {
            Interrupts.Msi.Signal(0);
        }
        else
        {
            Interrupts.Intx.Assert();
        }
    }

    // Called with the gate held.
    private void LowerInterrupt(uint bits)
    {
        _interruptStatus.Value &= ~(ulong)bits;
        if (_interruptStatus.Value == 0 && !MsiEnabled)
        {
            Interrupts.Intx.Deassert();
        }
    }
}
