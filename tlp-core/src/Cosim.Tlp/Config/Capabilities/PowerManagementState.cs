namespace Cosim.Tlp.Config.Capabilities;

/// <summary>Run-time view of the Power Management Capability.</summary>
public sealed class PowerManagementState : CapabilityState
{
    private readonly int _controlStatus;

    internal PowerManagementState(ConfigRegisterFile registers, int offset, bool noSoftReset)
        : base(registers, offset)
    {
        _controlStatus = offset + (int)PowerManagementCapability.Register.PowerManagementControlStatus;
        NoSoftReset = noSoftReset;
        registers.OnWrite(_controlStatus, OnControlStatusWritten);
    }

    /// <summary>PMCSR PowerState: D0 or D3hot.</summary>
    public PowerState PowerState =>
        (PowerState)(Registers.ReadUInt16(_controlStatus) & PowerManagementCapability.PowerStateMask);

    /// <summary>No_Soft_Reset: D3hot→D0 keeps the configuration.</summary>
    public bool NoSoftReset { get; }

    // PCIe Base 6.0 §7.5.2.2, PowerState: "If software attempts to write an unsupported, optional state to this field,
    // the write operation must complete normally; however, the data is discarded and no state change occurs."
    // §5.3.1.4: with No_Soft_Reset clear, D3hot→D0 is an internal reset to D0uninitialized.
    private void OnControlStatusWritten(uint oldValue, uint written, uint byteMask)
    {
        var before = (PowerState)(oldValue & PowerManagementCapability.PowerStateMask);
        PowerState after = PowerState;
        if (after is PowerState.D1 or PowerState.D2)
        {
            uint value = Registers.ReadUInt32(_controlStatus);
            Registers.StoreUInt32(_controlStatus, (value & ~(uint)PowerManagementCapability.PowerStateMask) | (uint)before);
        }
        else if (before == PowerState.D3Hot && after == PowerState.D0 && !NoSoftReset)
        {
            Registers.RequestInternalReset();
        }
    }
}
