using Cosim.Models.Edu;
using Cosim.Models.Nvme;
using Cosim.Models.PciEpfTest;
using Cosim.Models.TestDevice;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Models;

/// <summary>The behavioral models that ship with Cosim, as a configuration names them.</summary>
public static class BuiltInModels
{
    /// <summary><c>Devices:N:Options</c> keys of <c>edu</c>.</summary>
    public static class EduKeys
    {
        /// <summary>The DMA address mask (QEMU's <c>dma_mask</c> property); default 28 bits.</summary>
        public const string DmaMask = "DmaMask";

        /// <summary>Milliseconds from a DMA command to the transfer (QEMU's timer: 100).</summary>
        public const string DmaStartDelayMilliseconds = "DmaStartDelayMilliseconds";
    }

    /// <summary><c>Devices:N:Options</c> keys of <c>nvme</c>.</summary>
    public static class NvmeKeys
    {
        /// <summary>The host file holding the namespace (created sparse when missing). Required.</summary>
        public const string Namespace = "Namespace";

        /// <summary>Namespace size in bytes (K/M/G suffixes); default: the existing file's size.</summary>
        public const string NamespaceSize = "NamespaceSize";

        /// <summary>512 or 4096.</summary>
        public const string LogicalBlockSize = "LogicalBlockSize";

        /// <summary>Serial Number reported by Identify Controller.</summary>
        public const string SerialNumber = "SerialNumber";

        /// <summary>I/O queue pairs offered.</summary>
        public const string IoQueues = "IoQueues";

        /// <summary>MSI-X table size.</summary>
        public const string MsixVectors = "MsixVectors";
    }

    /// <summary>Every built-in model.</summary>
    public static IReadOnlyList<ModelDescriptor> All { get; } =
    [
        new ModelDescriptor(
            "pci-epf-test",
            "Linux's PCI endpoint test function (104c:b500) as pci_endpoint_test and its kselftest drive it: BAR patterns, INTx/MSI/MSI-X, READ/WRITE/COPY by DMA with CRC-32, doorbell",
            (options, loggers) => new PciEpfTestDevice(LoggerFor(options, loggers))),
        new ModelDescriptor(
            "edu",
            "QEMU's educational device (1234:11e8, docs/specs/edu.rst): liveness, factorial, INTx/MSI, DMA through its 4 KiB buffer",
            CreateEdu)
        {
            OptionKeys = [EduKeys.DmaMask, EduKeys.DmaStartDelayMilliseconds],
        },
        new ModelDescriptor(
            "nvme",
            "NVMe controller (1234:c05e) with one namespace backed by a host file; the stock nvme driver binds to it",
            CreateNvme)
        {
            OptionKeys = [NvmeKeys.Namespace, NvmeKeys.NamespaceSize, NvmeKeys.LogicalBlockSize, NvmeKeys.SerialNumber, NvmeKeys.IoQueues, NvmeKeys.MsixVectors],
        },
        new ModelDescriptor(
            "cosim-test",
            "Cosim test device 1234:c05a: scratch registers, MSI-X/MSI/INTx on request, DMA pattern and CRC-32",
            (options, loggers) => new CosimTestDevice(LoggerFor(options, loggers))),
    ];

    private static ILogger LoggerFor(DeviceOptions options, ILoggerFactory loggers) =>
        loggers.CreateLogger($"Cosim.Models.{options.Name}");

    private static EduDevice CreateEdu(DeviceOptions options, ILoggerFactory loggers)
    {
        ulong mask = options.GetUInt64(EduKeys.DmaMask, EduDevice.DefaultDmaMask, minimum: 0xFFF);
        int delay = options.GetInt32(EduKeys.DmaStartDelayMilliseconds, 100, maximum: 60_000);
        return new EduDevice(LoggerFor(options, loggers), mask, TimeSpan.FromMilliseconds(delay));
    }

    private static NvmeController CreateNvme(DeviceOptions options, ILoggerFactory loggers)
    {
        string path = options.GetString(NvmeKeys.Namespace)
            ?? throw new ModelOptionException(NvmeKeys.Namespace, "missing; the host file that holds the namespace (created when missing)");
        ulong size = options.GetUInt64(NvmeKeys.NamespaceSize, 0, minimum: 4096, maximum: long.MaxValue);
        var nvme = new NvmeOptions
        {
            NamespacePath = Path.GetFullPath(path),
            NamespaceSize = size == 0 ? null : (long)size,
            LogicalBlockSize = options.GetInt32(NvmeKeys.LogicalBlockSize, 512, minimum: 512, maximum: 4096),
            SerialNumber = options.GetString(NvmeKeys.SerialNumber),
            IoQueueCount = options.GetInt32(NvmeKeys.IoQueues, 16, minimum: 1, maximum: NvmeOptions.MaxIoQueueCount),
            MsixVectors = options.GetInt32(NvmeKeys.MsixVectors, 17, minimum: 1, maximum: NvmeOptions.MaxMsixVectors),
        };
        try
        {
            // Create validates the options and opens (or creates) the namespace file: both refusals name a property.
            return NvmeController.Create(nvme, LoggerFor(options, loggers));
        }
        catch (ArgumentException e)
        {
            throw new ModelOptionException(KeyOf(e.ParamName), e.Message);
        }
    }

    private static string KeyOf(string? property) => property switch
    {
        nameof(NvmeOptions.NamespacePath) => NvmeKeys.Namespace,
        nameof(NvmeOptions.NamespaceSize) or "size" => NvmeKeys.NamespaceSize,
        nameof(NvmeOptions.LogicalBlockSize) => NvmeKeys.LogicalBlockSize,
        nameof(NvmeOptions.SerialNumber) => NvmeKeys.SerialNumber,
        nameof(NvmeOptions.IoQueueCount) => NvmeKeys.IoQueues,
        nameof(NvmeOptions.MsixVectors) => NvmeKeys.MsixVectors,
        _ => NvmeKeys.Namespace,
    };
}
