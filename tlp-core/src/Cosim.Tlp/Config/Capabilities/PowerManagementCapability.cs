namespace Cosim.Tlp.Config.Capabilities;

/// <summary>
/// The PCI Power Management Capability (Capability ID 01h; PCIe Base 6.0 §7.5.2, PCI Bus Power Management
/// Interface 1.2). Cosim functions support D0 and D3hot, generate no PME and have no Data register.
/// </summary>
/// <remarks>
/// <code>
///  31                       16 15            8 7             0
/// +---------------------------+---------------+---------------+
/// | Power Management          | Next          | Capability ID | 00h
/// | Capabilities (PMC)        | Pointer       | 01h           |
/// +-------------+-------------+---------------+---------------+
/// | Data        | Reserved    | Power Management Control/     | 04h
/// |             |             | Status (PMCSR)                |
/// +-------------+-------------+-------------------------------+
/// </code>
/// PMC: Version[2:0] = 011b, PME Clock 0, Immediate_Readiness_on_Return_to_D0 0, DSI 0, Aux_Current 0,
/// D1_Support 0, D2_Support 0, PME_Support 00000b. PMCSR: PowerState[1:0] RW, No_Soft_Reset (bit 3) RO,
/// PME_En and PME_Status hardwired 0 because PME_Support is 00000b.
/// </remarks>
public sealed class PowerManagementCapability : Capability
{
    internal const int StructureLength = 8;
    internal const ushort PmcVersion = 0b011;
    internal const ushort PowerStateMask = 0b11;
    internal const ushort NoSoftResetBit = 1 << 3;

    /// <summary>Declares the capability.</summary>
    /// <param name="noSoftReset">
    /// No_Soft_Reset: when set (the spec's recommendation) a D3hot→D0 transition keeps the configuration; when clear
    /// the function performs an internal reset on that transition and comes back with power-on register values.
    /// </param>
    public PowerManagementCapability(bool noSoftReset = true)
    {
        NoSoftReset = noSoftReset;
    }

    /// <summary>No_Soft_Reset (PMCSR bit 3).</summary>
    public bool NoSoftReset { get; }

    /// <inheritdoc/>
    public override string Name => "Power Management";

    internal override bool IsExtended => false;

    internal override int Id => (int)CapabilityId.PowerManagement;

    internal override int Length => StructureLength;

    internal override CapabilityState Attach(ConfigRegisterFile registers, int offset)
    {
        registers.Define(offset + (int)Register.PowerManagementCapabilities, 2, powerOn: PmcVersion);
        registers.Define(
            offset + (int)Register.PowerManagementControlStatus,
            2,
            powerOn: NoSoftReset ? NoSoftResetBit : 0u,
            writable: PowerStateMask,
            change: ConfigChange.PowerState);
        registers.Define(offset + (int)Register.Reserved, 1, powerOn: 0);
        registers.Define(offset + (int)Register.Data, 1, powerOn: 0);
        return new PowerManagementState(registers, offset, NoSoftReset);
    }

    internal enum Register
    {
        PowerManagementCapabilities = 0x02,
        PowerManagementControlStatus = 0x04,
        Reserved = 0x06,
        Data = 0x07,
    }
}
