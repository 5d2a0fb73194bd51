namespace Cosim.Tlp.Config.Capabilities;

/// <summary>
/// The Advanced Error Reporting Extended Capability (Extended Capability ID 0001h, version 2; PCIe Base 6.0 §7.8.4),
/// for an endpoint: no Root Error registers, no ECRC, no multiple header recording, no TLP Prefix Log.
/// </summary>
/// <remarks>
/// <code>
///  31            20 19    16 15                              0
/// +----------------+--------+--------------------------------+
/// | Next Cap Offset| Version| PCI Express Ext Cap ID 0001h   | 00h
/// +----------------+--------+--------------------------------+
/// | Uncorrectable Error Status   (RW1CS)                     | 04h
/// | Uncorrectable Error Mask     (RWS)                       | 08h
/// | Uncorrectable Error Severity (RWS)                       | 0Ch
/// | Correctable Error Status     (RW1CS)                     | 10h
/// | Correctable Error Mask       (RWS)                       | 14h
/// | Advanced Error Capabilities and Control                  | 18h
/// | Header Log (4 DW, ROS)                                   | 1Ch-2Bh
/// | Root Error Command / Status / Error Source ID (RsvdP)    | 2Ch-37h
/// | TLP Prefix Log (RsvdP: no End-End TLP Prefixes)          | 38h-47h
/// +----------------------------------------------------------+
/// </code>
/// Advanced Error Capabilities and Control: First Error Pointer[4:0] (ROS); ECRC and multiple header recording bits 0.
/// All status, mask and severity bits are sticky: a Function Level Reset keeps them.
/// </remarks>
public sealed class AerCapability : Capability
{
    internal const int StructureLength = 0x48;
    internal const int CapabilityVersion = 2;
    internal const int HeaderLogLength = 16;

    /// <inheritdoc/>
    public override string Name => "Advanced Error Reporting";

    internal override bool IsExtended => true;

    internal override int Id => (int)ExtendedCapabilityId.AdvancedErrorReporting;

    internal override int Version => CapabilityVersion;

    internal override int Length => StructureLength;

    internal override CapabilityState Attach(ConfigRegisterFile registers, int offset)
    {
        const uint Uncorrectable = (uint)AerUncorrectableErrors.Implemented;
        const uint Correctable = (uint)AerCorrectableErrors.Implemented;
        registers.Define(offset + (int)Register.UncorrectableErrorStatus, 4, powerOn: 0, writeOneToClear: Uncorrectable, keptByFunctionLevelReset: Uncorrectable);
        registers.Define(offset + (int)Register.UncorrectableErrorMask, 4, powerOn: 0, writable: Uncorrectable, keptByFunctionLevelReset: Uncorrectable);
        registers.Define(
            offset + (int)Register.UncorrectableErrorSeverity,
            4,
            powerOn: (uint)AerUncorrectableErrors.DefaultSeverity,
            writable: Uncorrectable,
            keptByFunctionLevelReset: Uncorrectable);
        registers.Define(offset + (int)Register.CorrectableErrorStatus, 4, powerOn: 0, writeOneToClear: Correctable, keptByFunctionLevelReset: Correctable);
        registers.Define(
            offset + (int)Register.CorrectableErrorMask,
            4,
            powerOn: (uint)AerCorrectableErrors.DefaultMask,
            writable: Correctable,
            keptByFunctionLevelReset: Correctable);
        registers.Define(offset + (int)Register.AdvancedErrorCapabilitiesAndControl, 4, powerOn: 0, keptByFunctionLevelReset: AerState.FirstErrorPointerMask);
        for (int i = 0; i < HeaderLogLength; i += 4)
        {
            registers.Define(offset + (int)Register.HeaderLog + i, 4, powerOn: 0, keptByFunctionLevelReset: uint.MaxValue);
        }

        return new AerState(registers, offset);
    }

    internal enum Register
    {
        UncorrectableErrorStatus = 0x04,
        UncorrectableErrorMask = 0x08,
        UncorrectableErrorSeverity = 0x0C,
        CorrectableErrorStatus = 0x10,
        CorrectableErrorMask = 0x14,
        AdvancedErrorCapabilitiesAndControl = 0x18,
        HeaderLog = 0x1C,
    }
}
