using Cosim.Tlp.Config;

namespace Cosim.Device.Interrupts;

/// <summary>The function's three interrupt mechanisms. Each honours its enable, mask and pending bits.</summary>
public sealed class InterruptController
{
    internal InterruptController(EndpointFunction function)
    {
        Intx = new IntxLine(function);
        Msi = new MsiInterrupts(function);
        MsiX = new MsixInterrupts(function);
    }

    /// <summary>The legacy INTx virtual wire (Assert_INTx / Deassert_INTx messages).</summary>
    public IntxLine Intx { get; }

    /// <summary>MSI: a MemWr of the Message Data (plus the vector number) to the Message Address.</summary>
    public MsiInterrupts Msi { get; }

    /// <summary>MSI-X: a MemWr of a table entry's data to its address.</summary>
    public MsixInterrupts MsiX { get; }

    internal void Reset()
    {
        Intx.Reset();
        MsiX.Reset();
    }

    internal void OnConfigChanged(ConfigChange change)
    {
        if (change is ConfigChange.Command or ConfigChange.MsiControl or ConfigChange.MsixControl)
        {
            Intx.Reevaluate();
        }

        if (change == ConfigChange.MsixControl)
        {
            MsiX.DeliverPending();
        }
    }
}
