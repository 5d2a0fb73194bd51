using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>Set Features and Get Features (NVMe Base 1.4 §5.21, §5.9).</summary>
/// <remarks>
/// <code>
/// Set Features  CDW10: SV[31] FID[7:0]        CDW11: the feature's value
/// Get Features  CDW10: SEL[10:8] FID[7:0]     CDW11: feature specific (Temperature Threshold: TMPSEL, THSEL)
///               completion Dword 0: the value
///
/// Number of Queues (07h)       NCQR[31:16] NSQR[15:0] requested, NCQA/NSQA allocated; all 0's based
/// Interrupt Coalescing (08h)   TIME[15:8] THR[7:0]
/// Volatile Write Cache (06h)   WCE[0]
/// Async Event Config (0Bh)     SMART / Health Critical Warnings[7:0]
/// Temperature Threshold (04h)  THSEL[21:20] TMPSEL[19:16] TMPTH[15:0]
/// </code>
/// No feature is saveable: SV set is Feature Identifier Not Saveable. The features are controller wide: a Set with
/// a NSID other than 0 or FFFFFFFFh is Feature Not Namespace Specific. Any other FID is Invalid Field in Command.
/// </remarks>
internal sealed partial class AdminCommandProcessor
{
    private const uint FeatureIdMask = 0xFF;
    private const uint SaveBit = 1u << 31;
    private const int SelectShift = 8;
    private const uint SelectMask = 0b111;
    private const uint QueueCountMask = 0xFFFF;
    private const uint QueueCountInvalid = 0xFFFF;
    private const uint InterruptCoalescingMask = 0xFFFF;
    private const uint WriteCacheEnableBit = 1;
    private const uint AsyncEventConfigurationMask = 0xFF;
    private const uint PowerStateMask = 0b1_1111;
    private const uint PowerManagementMask = 0xFF;
    private const uint DeallocatedOrUnwrittenErrorBit = 1 << 16;
    private const uint TimeLimitedErrorRecoveryMask = 0xFFFF;
    private const uint DisableNormalBit = 1;
    private const int TemperatureSelectShift = 16;
    private const uint TemperatureSelectMask = 0xF;
    private const uint CompositeTemperature = 0x0;
    private const uint AllTemperatureSensors = 0xF;
    private const int ThresholdTypeShift = 20;
    private const uint ThresholdTypeMask = 0b11;
    private const uint OverTemperature = 0b00;
    private const uint UnderTemperature = 0b01;
    private const uint TemperatureMask = 0xFFFF;
    private const uint ChangeableCapability = 1 << 2;

    private CommandResult SetFeatures(SubmissionQueueEntry command)
    {
        var feature = (FeatureIdentifier)(command.Dword10 & FeatureIdMask);
        if (!Enum.IsDefined(feature))
        {
            return UnsupportedFeature(feature);
        }

        if ((command.Dword10 & SaveBit) != 0)
        {
            return NvmeStatus.FeatureIdentifierNotSaveable;
        }

        if (command.NamespaceId is not (0 or ControllerProfile.BroadcastNamespaceId))
        {
            return NvmeStatus.FeatureNotNamespaceSpecific;
        }

        uint value = command.Dword11;
        ControllerFeatures features = _session.Features;
        switch (feature)
        {
            case FeatureIdentifier.NumberOfQueues:
                return SetNumberOfQueues(value);
            case FeatureIdentifier.InterruptCoalescing:
                features.InterruptCoalescing = value & InterruptCoalescingMask;
                break;
            case FeatureIdentifier.VolatileWriteCache:
                features.VolatileWriteCacheEnabled = (value & WriteCacheEnableBit) != 0;
                NvmeLog.WriteCacheChanged(_session.Services.Logger, features.VolatileWriteCacheEnabled);
                break;
            case FeatureIdentifier.AsynchronousEventConfiguration:
                features.AsynchronousEventConfiguration = value & AsyncEventConfigurationMask;
                break;
            case FeatureIdentifier.Arbitration:
                features.Arbitration = value;
                break;
            case FeatureIdentifier.PowerManagement:
                if ((value & PowerStateMask) != 0)
                {
                    return NvmeStatus.InvalidFieldInCommand; // NPSS = 0: power state 0 only
                }

                features.PowerManagement = value & PowerManagementMask;
                break;
            case FeatureIdentifier.ErrorRecovery:
                if ((value & DeallocatedOrUnwrittenErrorBit) != 0)
                {
                    return NvmeStatus.InvalidFieldInCommand; // NSFEAT bit 2 = 0: DULBE not supported
                }

                features.ErrorRecovery = value & TimeLimitedErrorRecoveryMask;
                break;
            case FeatureIdentifier.WriteAtomicityNormal:
                features.WriteAtomicityNormal = value & DisableNormalBit;
                break;
            case FeatureIdentifier.TemperatureThreshold:
                return SetTemperatureThreshold(value);
        }

        return CommandResult.Success;
    }

    private CommandResult GetFeatures(SubmissionQueueEntry command)
    {
        var feature = (FeatureIdentifier)(command.Dword10 & FeatureIdMask);
        if (!Enum.IsDefined(feature))
        {
            return UnsupportedFeature(feature);
        }

        var select = (FeatureSelect)((command.Dword10 >> SelectShift) & SelectMask);
        ControllerFeatures values;
        switch (select)
        {
            case FeatureSelect.Current:
                values = _session.Features;
                break;
            case FeatureSelect.Default:
            case FeatureSelect.Saved:
                values = new ControllerFeatures(Profile.IoQueueCount);
                break;
            case FeatureSelect.SupportedCapabilities:
                return new CommandResult(NvmeStatus.Success, ChangeableCapability);
            default:
                return NvmeStatus.InvalidFieldInCommand;
        }

        uint result;
        switch (feature)
        {
            case FeatureIdentifier.NumberOfQueues:
                result = (uint)(values.SubmissionQueuesAllocated - 1) | ((uint)(values.CompletionQueuesAllocated - 1) << HighHalfShift);
                break;
            case FeatureIdentifier.InterruptCoalescing:
                result = values.InterruptCoalescing;
                break;
            case FeatureIdentifier.VolatileWriteCache:
                result = values.VolatileWriteCacheEnabled ? WriteCacheEnableBit : 0;
                break;
            case FeatureIdentifier.AsynchronousEventConfiguration:
                result = values.AsynchronousEventConfiguration;
                break;
            case FeatureIdentifier.Arbitration:
                result = values.Arbitration;
                break;
            case FeatureIdentifier.PowerManagement:
                result = values.PowerManagement;
                break;
            case FeatureIdentifier.ErrorRecovery:
                result = values.ErrorRecovery;
                break;
            case FeatureIdentifier.WriteAtomicityNormal:
                result = values.WriteAtomicityNormal;
                break;
            default:
                return GetTemperatureThreshold(values, command.Dword11);
        }

        return new CommandResult(NvmeStatus.Success, result);
    }

    // §5.21.1.7: allowed only before any I/O queue exists; the allocation is what the host asked for, up to the
    // controller's queue count.
    private CommandResult SetNumberOfQueues(uint value)
    {
        uint submissionRequested = value & QueueCountMask;
        uint completionRequested = value >> HighHalfShift;
        if (submissionRequested == QueueCountInvalid || completionRequested == QueueCountInvalid)
        {
            return NvmeStatus.InvalidFieldInCommand;
        }

        if (_session.HasIoQueues())
        {
            return NvmeStatus.CommandSequenceError;
        }

        ControllerFeatures features = _session.Features;
        features.SubmissionQueuesAllocated = (int)Math.Min(submissionRequested + 1, (uint)Profile.IoQueueCount);
        features.CompletionQueuesAllocated = (int)Math.Min(completionRequested + 1, (uint)Profile.IoQueueCount);
        uint allocated = (uint)(features.SubmissionQueuesAllocated - 1) | ((uint)(features.CompletionQueuesAllocated - 1) << HighHalfShift);
        return new CommandResult(NvmeStatus.Success, allocated);
    }

    private CommandResult SetTemperatureThreshold(uint value)
    {
        uint sensor = (value >> TemperatureSelectShift) & TemperatureSelectMask;
        uint type = (value >> ThresholdTypeShift) & ThresholdTypeMask;
        if (sensor is not (CompositeTemperature or AllTemperatureSensors) || type is not (OverTemperature or UnderTemperature))
        {
            return NvmeStatus.InvalidFieldInCommand; // only the Composite Temperature exists
        }

        ushort threshold = (ushort)(value & TemperatureMask);
        if (type == OverTemperature)
        {
            _session.Features.OverTemperatureThreshold = threshold;
        }
        else
        {
            _session.Features.UnderTemperatureThreshold = threshold;
        }

        return CommandResult.Success;
    }

    private static CommandResult GetTemperatureThreshold(ControllerFeatures values, uint selector)
    {
        uint sensor = (selector >> TemperatureSelectShift) & TemperatureSelectMask;
        uint type = (selector >> ThresholdTypeShift) & ThresholdTypeMask;
        if (sensor != CompositeTemperature || type is not (OverTemperature or UnderTemperature))
        {
            return NvmeStatus.InvalidFieldInCommand;
        }

        ushort threshold = type == OverTemperature ? values.OverTemperatureThreshold : values.UnderTemperatureThreshold;
        return new CommandResult(NvmeStatus.Success, threshold | (sensor << TemperatureSelectShift) | (type << ThresholdTypeShift));
    }

    private CommandResult UnsupportedFeature(FeatureIdentifier feature)
    {
        LogOnce(NvmeLog.UnsupportedFeatureEvent, () => NvmeLog.UnsupportedFeature(_session.Services.Logger, (byte)feature));
        return NvmeStatus.InvalidFieldInCommand;
    }
}
