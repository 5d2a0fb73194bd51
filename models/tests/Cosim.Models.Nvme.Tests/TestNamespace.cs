using System.Runtime.InteropServices;

namespace Cosim.Models.Nvme.Tests;

/// <summary>A namespace file in the temp directory, deleted with the test.</summary>
internal sealed partial class TestNamespace : IDisposable
{
    public const long DefaultSize = 8L << 20;

    public TestNamespace()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cosim-nvme-{Guid.NewGuid():N}.img");
    }

    public string Path { get; }

    public NvmeOptions Options(long? size = DefaultSize, int ioQueues = 4, int vectors = 17, int blockSize = 512) => new()
    {
        NamespacePath = Path,
        NamespaceSize = size,
        SerialNumber = "COSIMTEST0001",
        IoQueueCount = ioQueues,
        MsixVectors = vectors,
        LogicalBlockSize = blockSize,
    };

    public NvmeController CreateController(long? size = DefaultSize, int ioQueues = 4, int vectors = 17) =>
        NvmeController.Create(Options(size, ioQueues, vectors));

    /// <summary>
    /// Reads the file as another process would, past the controller's lock: .NET's own open takes a shared flock that
    /// the controller's exclusive one refuses, so this goes through open(2)/pread(2).
    /// </summary>
    public byte[] ReadFile(long offset, int length)
    {
        int fd = Open(Path, 0 /* O_RDONLY */);
        Assert.True(fd >= 0, $"open {Path} failed");
        try
        {
            var data = new byte[length];
            Assert.Equal(length, (int)Pread(fd, data, length, offset));
            return data;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "pread")]
    private static partial nint Pread(int fd, [Out] byte[] buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
