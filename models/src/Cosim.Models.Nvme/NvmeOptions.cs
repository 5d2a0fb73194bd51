using System.Security.Cryptography;
using System.Text;

namespace Cosim.Models.Nvme;

/// <summary>
/// Configuration of an <see cref="NvmeController"/>: the file that backs its one namespace, the strings Identify
/// Controller reports, and how many queues and MSI-X vectors it offers. <see cref="Validate"/> names the property
/// at fault.
/// </summary>
public sealed class NvmeOptions
{
    /// <summary>Most I/O queue pairs: their doorbells must fit between 1000h and the MSI-X table at 2000h of BAR0.</summary>
    public const int MaxIoQueueCount = 511;

    /// <summary>Most MSI-X vectors: the table (16 bytes per entry) must fit between 2000h and the PBA at 3000h.</summary>
    public const int MaxMsixVectors = 256;

    /// <summary>Serial Number field width in Identify Controller (bytes 23:04).</summary>
    public const int SerialNumberLength = 20;

    /// <summary>Model Number field width in Identify Controller (bytes 63:24).</summary>
    public const int ModelNumberLength = 40;

    /// <summary>Firmware Revision field width in Identify Controller (bytes 71:64).</summary>
    public const int FirmwareRevisionLength = 8;

    /// <summary>The host file that holds the namespace's data; created (sparse) when missing. Required.</summary>
    public string NamespacePath { get; init; } = "";

    /// <summary>
    /// Namespace size in bytes, a multiple of <see cref="LogicalBlockSize"/>. A smaller existing file is extended
    /// (sparse); a larger one is refused rather than truncated. Null: the existing file's size.
    /// </summary>
    public long? NamespaceSize { get; init; }

    /// <summary>Logical block size in bytes: 512 or 4096 (LBA Format 0's LBADS).</summary>
    public int LogicalBlockSize { get; init; } = 512;

    /// <summary>Serial Number (SN), printable ASCII, at most 20 characters. Null: derived from the namespace path.</summary>
    public string? SerialNumber { get; init; }

    /// <summary>Model Number (MN), printable ASCII, at most 40 characters.</summary>
    public string ModelNumber { get; init; } = "Cosim NVMe Controller";

    /// <summary>Firmware Revision (FR), printable ASCII, at most 8 characters.</summary>
    public string FirmwareRevision { get; init; } = "1.0";

    /// <summary>I/O Submission and Completion Queues offered (the Number of Queues feature's ceiling), 1-511.</summary>
    public int IoQueueCount { get; init; } = 16;

    /// <summary>MSI-X Table Size: one vector per Completion Queue is the driver's wish (admin + I/O), 1-256.</summary>
    public int MsixVectors { get; init; } = 17;

    /// <summary>The Serial Number reported: <see cref="SerialNumber"/>, or a stable one derived from the file's full path.</summary>
    public string EffectiveSerialNumber => SerialNumber ?? DeriveSerialNumber(NamespacePath);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property and why.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NamespacePath))
        {
            throw new ArgumentException("NvmeOptions.NamespacePath is required: the file that backs the namespace.", nameof(NamespacePath));
        }

        if (LogicalBlockSize is not (512 or 4096))
        {
            throw new ArgumentException($"NvmeOptions.LogicalBlockSize must be 512 or 4096 bytes (got {LogicalBlockSize}).", nameof(LogicalBlockSize));
        }

        if (NamespaceSize is long size && (size <= 0 || size % LogicalBlockSize != 0))
        {
            throw new ArgumentException($"NvmeOptions.NamespaceSize must be a positive multiple of the {LogicalBlockSize}-byte logical block (got {size}).", nameof(NamespaceSize));
        }

        if (IoQueueCount is < 1 or > MaxIoQueueCount)
        {
            throw new ArgumentException($"NvmeOptions.IoQueueCount must be 1-{MaxIoQueueCount} (got {IoQueueCount}).", nameof(IoQueueCount));
        }

        if (MsixVectors is < 1 or > MaxMsixVectors)
        {
            throw new ArgumentException($"NvmeOptions.MsixVectors must be 1-{MaxMsixVectors} (got {MsixVectors}).", nameof(MsixVectors));
        }

        CheckAscii(EffectiveSerialNumber, SerialNumberLength, nameof(SerialNumber));
        CheckAscii(ModelNumber, ModelNumberLength, nameof(ModelNumber));
        CheckAscii(FirmwareRevision, FirmwareRevisionLength, nameof(FirmwareRevision));
    }

    private static void CheckAscii(string value, int maxLength, string property)
    {
        if (value.Length == 0 || value.Length > maxLength)
        {
            throw new ArgumentException($"NvmeOptions.{property} must be 1-{maxLength} characters (got {value.Length}).", property);
        }

        foreach (char c in value)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"NvmeOptions.{property} must be printable ASCII (20h-7Eh); '{value}' is not.", property);
            }
        }
    }

    // "CSM" and 17 hex digits of the path's SHA-256: two controllers on two files differ, one file keeps its serial.
    private static string DeriveSerialNumber(string path)
    {
        string full = string.IsNullOrWhiteSpace(path) ? "" : Path.GetFullPath(path);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(full));
        return "CSM" + Convert.ToHexString(hash)[..(SerialNumberLength - 3)];
    }
}
