using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cosim.Models.Nvme.Storage;

/// <summary>
/// The bytes of the namespace: a host file opened once, read and written at offsets (pread/pwrite through
/// <see cref="RandomAccess"/>), flushed with fsync. A missing file is created sparse; the file is locked against a
/// second controller. Deallocation punches holes (reads return zeros), or writes zeros where the file system
/// cannot.
/// </summary>
internal sealed class NamespaceStore : IDisposable
{
    private const int ZeroChunkBytes = 1 << 20;

    private readonly SafeFileHandle _file;
    private bool _punchHoleUnsupported;

    private NamespaceStore(SafeFileHandle file, string path, long size)
    {
        _file = file;
        Path = path;
        Size = size;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>Bytes of the namespace.</summary>
    public long Size { get; }

    /// <summary>
    /// Opens (or creates, sparse) <paramref name="path"/> with <paramref name="size"/> bytes (null: the existing size).
    /// Throws <see cref="ArgumentException"/> naming the option when the file cannot serve.
    /// </summary>
    public static NamespaceStore Open(string path, long? size, int blockSize)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        if (size is null && !File.Exists(fullPath))
        {
            throw new ArgumentException($"NvmeOptions.NamespaceSize is required: '{fullPath}' does not exist yet.", nameof(size));
        }

        SafeFileHandle file;
        try
        {
            // FileShare.None takes an exclusive advisory lock: two controllers on one file would corrupt it.
            file = File.OpenHandle(fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"NvmeOptions.NamespacePath: cannot open '{fullPath}' for reading and writing: {exception.Message}", nameof(path), exception);
        }

        try
        {
            long length = RandomAccess.GetLength(file);
            long effective = size ?? length;
            if (length > effective)
            {
                throw new ArgumentException($"NvmeOptions.NamespaceSize ({effective} bytes) is smaller than '{fullPath}' ({length} bytes); refusing to truncate it.", nameof(size));
            }

            if (effective == 0 || effective % blockSize != 0)
            {
                throw new ArgumentException($"NvmeOptions.NamespaceSize: '{fullPath}' holds {effective} bytes, not a positive multiple of the {blockSize}-byte logical block.", nameof(size));
            }

            if (length < effective)
            {
                RandomAccess.SetLength(file, effective); // ftruncate: the new range is a hole
            }

            return new NamespaceStore(file, fullPath, effective);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads <paramref name="destination"/>.Length bytes at <paramref name="offset"/>, synchronously: a pread of a
    /// host file that mostly sits in the page cache costs less than the thread-pool hop that RandomAccess.ReadAsync
    /// takes for it (the hop was the larger part of a 4 KiB read under load). A read thus runs on the thread of its
    /// queue's worker, and that queue's next command waits for it.
    /// </summary>
    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Read(offset, destination.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads <paramref name="destination"/>.Length bytes at <paramref name="offset"/> (pread; zeros past the end).</summary>
    public void Read(long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(_file, destination, offset);
            if (read == 0)
            {
                destination.Clear(); // past the end of a file that shrank under us: zeros
                return;
            }

            destination = destination[read..];
            offset += read;
        }
    }

    /// <summary>Writes <paramref name="source"/> at <paramref name="offset"/>; once this returns, the file holds it.</summary>
    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> source) =>
        RandomAccess.WriteAsync(_file, source, offset, CancellationToken.None);

    /// <summary>fsync: everything written so far reaches stable storage.</summary>
    public void FlushToDisk() => RandomAccess.FlushToDisk(_file);

    /// <summary>Makes [<paramref name="offset"/>, +<paramref name="length"/>) read as zeros, deallocating it where the file system can.</summary>
    public async ValueTask DeallocateAsync(long offset, long length)
    {
        if (length <= 0)
        {
            return;
        }

        if (!_punchHoleUnsupported && OperatingSystem.IsLinux())
        {
            int result = Interop.Libc.Fallocate(_file, Interop.Libc.FallocatePunchHole | Interop.Libc.FallocateKeepSize, offset, length);
            if (result == 0)
            {
                return;
            }

            // EOPNOTSUPP and friends: this file system keeps every block; write zeros from now on.
            _punchHoleUnsupported = true;
            _ = Marshal.GetLastPInvokeError();
        }

        byte[] zeros = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, ZeroChunkBytes));
        try
        {
            Array.Clear(zeros);
            while (length > 0)
            {
                int chunk = (int)Math.Min(length, zeros.Length);
                await RandomAccess.WriteAsync(_file, zeros.AsMemory(0, chunk), offset).ConfigureAwait(false);
                offset += chunk;
                length -= chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(zeros);
        }
    }

    /// <summary>Closes the file (and releases its lock).</summary>
    public void Dispose() => _file.Dispose();
}
