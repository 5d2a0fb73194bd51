namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>CNS values of Identify the controller answers (NVMe Base 1.4 §5.15.1, Figure 244).</summary>
internal enum IdentifyStructure : byte
{
    /// <summary>Identify Namespace data structure for NSID.</summary>
    Namespace = 0x00,

    /// <summary>Identify Controller data structure.</summary>
    Controller = 0x01,

    /// <summary>Active Namespace ID list: NSIDs greater than NSID, ascending.</summary>
    ActiveNamespaceIdList = 0x02,

    /// <summary>Namespace Identification Descriptor list for NSID.</summary>
    NamespaceIdentificationDescriptorList = 0x03,
}
