using System.Security.Cryptography;
using System.Text;

namespace Cosim.Models.Nvme;

/// <summary>
/// What the controller is, fixed at construction: the Identify strings, the namespace's geometry and identifiers,
/// the queue and vector counts, and the limits it advertises.
/// </summary>
internal sealed class ControllerProfile
{
    /// <summary>NSID of the one namespace.</summary>
    public const uint NamespaceId = 1;

    /// <summary>Number of Namespaces (NN).</summary>
    public const uint NamespaceCount = 1;

    /// <summary>The broadcast NSID (all namespaces).</summary>
    public const uint BroadcastNamespaceId = 0xFFFF_FFFF;

    /// <summary>MQES + 1: entries of the largest queue.</summary>
    public const int MaxQueueEntries = 1024;

    /// <summary>The smallest memory page (CAP.MPSMIN = 0: 4 KiB).</summary>
    public const int MinPageSize = 4096;

    /// <summary>MDTS: the largest transfer is 2^MDTS minimum pages (4 MiB), so Linux's PRP lists chain.</summary>
    public const int MaximumDataTransferSizeExponent = 10;

    /// <summary>Bytes of the largest transfer.</summary>
    public const int MaxTransferBytes = MinPageSize << MaximumDataTransferSizeExponent;

    public ControllerProfile(NvmeOptions options, long namespaceBytes)
    {
        SerialNumber = options.EffectiveSerialNumber;
        ModelNumber = options.ModelNumber;
        FirmwareRevision = options.FirmwareRevision;
        IoQueueCount = options.IoQueueCount;
        MsixVectors = options.MsixVectors;
        LogicalBlockSize = options.LogicalBlockSize;
        LogicalBlockSizeExponent = options.LogicalBlockSize == 4096 ? 12 : 9;
        BlockCount = namespaceBytes / options.LogicalBlockSize;

        // NGUID and UUID follow the serial number: stable across restarts on the same file.
        byte[] hash = SHA256.HashData(Encoding.ASCII.GetBytes("cosim-nvme:" + SerialNumber));
        NamespaceGloballyUniqueId = hash[..16];
        byte[] uuid = hash[16..32];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom)
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // variant 10b
        NamespaceUuid = uuid;
        SubsystemNqn = "nqn.2024-01.dev.cosim:nvme:" + SerialNumber;
    }

    public string SerialNumber { get; }

    public string ModelNumber { get; }

    public string FirmwareRevision { get; }

    public string SubsystemNqn { get; }

    public int IoQueueCount { get; }

    public int MsixVectors { get; }

    public int LogicalBlockSize { get; }

    public int LogicalBlockSizeExponent { get; }

    public long BlockCount { get; }

    public byte[] NamespaceGloballyUniqueId { get; }

    public byte[] NamespaceUuid { get; }
}
