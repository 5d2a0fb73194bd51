using System.Buffers.Binary;
using System.Globalization;
using Cosim.Tlp.Config;

namespace Cosim.Testbench.Enumeration;

/// <summary>
/// One Base Address register as enumeration sized and assigned it, with accessors relative to its base: memory BARs
/// go out as MRd/MWr, I/O BARs as IORd/IOWr, split as the root complex splits any request.
/// </summary>
public sealed class Bar
{
    private readonly RootComplex _rootComplex;

    internal Bar(RootComplex rootComplex, int index, BarKind kind, ulong address, ulong size, bool prefetchable)
    {
        _rootComplex = rootComplex;
        Index = index;
        Kind = kind;
        Address = address;
        Size = size;
        Prefetchable = prefetchable;
    }

    /// <summary>BAR number (the lower slot of a 64-bit BAR).</summary>
    public int Index { get; }

    /// <summary>Memory (32- or 64-bit) or I/O.</summary>
    public BarKind Kind { get; }

    /// <summary>The base address enumeration assigned.</summary>
    public ulong Address { get; }

    /// <summary>Size in bytes, from the sizing write.</summary>
    public ulong Size { get; }

    /// <summary>Prefetchable memory.</summary>
    public bool Prefetchable { get; }

    /// <summary>True for an I/O BAR.</summary>
    public bool IsIo => Kind == BarKind.Io;

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    public async Task<byte[]> ReadAsync(ulong offset, int length, CancellationToken cancellationToken = default)
    {
        byte[] data = new byte[length];
        await ReadAsync(offset, data, cancellationToken).ConfigureAwait(false);
        return data;
    }

    /// <summary>Reads <paramref name="destination"/>.Length bytes at <paramref name="offset"/>.</summary>
    public Task ReadAsync(ulong offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ulong address = Check(offset, destination.Length);
        return IsIo
            ? _rootComplex.IoReadAsync((uint)address, destination, cancellationToken)
            : _rootComplex.ReadAsync(address, destination, cancellationToken);
    }

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> (memory writes are posted: done once sent).</summary>
    public Task WriteAsync(ulong offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ulong address = Check(offset, data.Length);
        return IsIo
            ? _rootComplex.IoWriteAsync((uint)address, data, cancellationToken)
            : _rootComplex.WriteAsync(address, data, cancellationToken);
    }

    /// <summary>Reads the byte at <paramref name="offset"/>.</summary>
    public async Task<byte> ReadUInt8Async(ulong offset) => (await ReadAsync(offset, 1).ConfigureAwait(false))[0];

    /// <summary>Reads the little-endian word at <paramref name="offset"/>.</summary>
    public async Task<ushort> ReadUInt16Async(ulong offset) => BinaryPrimitives.ReadUInt16LittleEndian(await ReadAsync(offset, sizeof(ushort)).ConfigureAwait(false));

    /// <summary>Reads the little-endian DW at <paramref name="offset"/>.</summary>
    public async Task<uint> ReadUInt32Async(ulong offset) => BinaryPrimitives.ReadUInt32LittleEndian(await ReadAsync(offset, sizeof(uint)).ConfigureAwait(false));

    /// <summary>Reads the little-endian QW at <paramref name="offset"/> (one 8-byte request on a memory BAR).</summary>
    public async Task<ulong> ReadUInt64Async(ulong offset) => BinaryPrimitives.ReadUInt64LittleEndian(await ReadAsync(offset, sizeof(ulong)).ConfigureAwait(false));

    /// <summary>Writes a byte at <paramref name="offset"/>.</summary>
    public Task WriteUInt8Async(ulong offset, byte value) => WriteAsync(offset, new[] { value });

    /// <summary>Writes a little-endian word at <paramref name="offset"/>.</summary>
    public Task WriteUInt16Async(ulong offset, ushort value)
    {
        byte[] data = new byte[sizeof(ushort)];
        BinaryPrimitives.WriteUInt16LittleEndian(data, value);
        return WriteAsync(offset, data);
    }

    /// <summary>Writes a little-endian DW at <paramref name="offset"/>.</summary>
    public Task WriteUInt32Async(ulong offset, uint value)
    {
        byte[] data = new byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        return WriteAsync(offset, data);
    }

    /// <summary>Writes a little-endian QW at <paramref name="offset"/> (one 8-byte request on a memory BAR).</summary>
    public Task WriteUInt64Async(ulong offset, ulong value)
    {
        byte[] data = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(data, value);
        return WriteAsync(offset, data);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"BAR{Index} ({Kind}{(Prefetchable ? ", prefetchable" : string.Empty)}) at 0x{Address:x}, 0x{Size:x} bytes");

    private ulong Check(ulong offset, int length)
    {
        if (length < 0 || offset > Size || Size - offset < (ulong)length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{length} bytes at offset 0x{offset:x} do not fit in {this}.");
        }

        return Address + offset;
    }
}
