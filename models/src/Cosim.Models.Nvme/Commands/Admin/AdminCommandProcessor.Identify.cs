using System.Buffers.Binary;
using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>Identify (NVMe Base 1.4 §5.15): CDW10 CNTID[31:16] CNS[7:0]; 4096 bytes to PRP1/PRP2.</summary>
/// <remarks>
/// A NSID that names no active namespace is Invalid Namespace or Format: without Namespace Management, FFFFFFFFh is
/// not accepted either. A CNS the controller does not implement (the I/O Command Set specific ones included, as a
/// 1.4 controller) is Invalid Field in Command.
/// </remarks>
internal sealed partial class AdminCommandProcessor
{
    private const uint StructureMask = 0xFF;
    private const uint HighestListableNamespaceId = 0xFFFF_FFFD;

    private ValueTask<CommandResult> IdentifyAsync(SubmissionQueueEntry command, CancellationToken cancellationToken)
    {
        var structure = (IdentifyStructure)(command.Dword10 & StructureMask);
        uint namespaceId = command.NamespaceId;
        byte[] data;
        switch (structure)
        {
            case IdentifyStructure.Namespace:
                if (namespaceId != ControllerProfile.NamespaceId)
                {
                    return new(NvmeStatus.InvalidNamespaceOrFormat);
                }

                data = RentZeroed(IdentifyNamespaceData.Size);
                IdentifyNamespaceData.Write(data, Profile);
                return TransferToHostAsync(command, data, IdentifyNamespaceData.Size, cancellationToken);

            case IdentifyStructure.Controller:
                data = RentZeroed(IdentifyControllerData.Size);
                IdentifyControllerData.Write(data, Profile, NvmeController.VendorId);
                return TransferToHostAsync(command, data, IdentifyControllerData.Size, cancellationToken);

            case IdentifyStructure.ActiveNamespaceIdList:
                if (namespaceId > HighestListableNamespaceId)
                {
                    return new(NvmeStatus.InvalidNamespaceOrFormat);
                }

                data = RentZeroed(IdentifyNamespaceData.Size);
                if (namespaceId < ControllerProfile.NamespaceId)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(data, ControllerProfile.NamespaceId);
                }

                return TransferToHostAsync(command, data, IdentifyNamespaceData.Size, cancellationToken);

            case IdentifyStructure.NamespaceIdentificationDescriptorList:
                if (namespaceId != ControllerProfile.NamespaceId)
                {
                    return new(NvmeStatus.InvalidNamespaceOrFormat);
                }

                data = RentZeroed(NamespaceIdentificationDescriptors.Size);
                NamespaceIdentificationDescriptors.Write(data, Profile);
                return TransferToHostAsync(command, data, NamespaceIdentificationDescriptors.Size, cancellationToken);

            default:
                LogOnce(NvmeLog.UnsupportedIdentifyEvent, () => NvmeLog.UnsupportedIdentify(_session.Services.Logger, (byte)structure));
                return new(NvmeStatus.InvalidFieldInCommand);
        }
    }
}
