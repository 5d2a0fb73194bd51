namespace Cosim.Device.Registers;

/// <summary>
/// A RAM-like range of a BAR (a buffer, a FIFO window, an MSI-X table): software reads and writes bytes, of any
/// width, and the model sees them in <see cref="Bytes"/>. A read-only area (a Pending Bit Array) ignores software writes. An optional callback observes every write.
/// </summary>
public sealed class MemoryArea
{
    private readonly byte[] _bytes;
    private readonly bool _readOnly;
    private Action<int, int>? _onWrite;

    internal MemoryArea(string name, long offset, int size, bool readOnly)
    {
        if (size <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Memory area {name}: size must be positive.");
        }

        Name = name;
        Offset = offset;
        _bytes = new byte[size];
        _readOnly = readOnly;
    }

    /// <summary>The area's name.</summary>
    public string Name { get; }

    /// <summary>Byte offset in its BAR.</summary>
    public long Offset { get; }

    /// <summary>Size in bytes.</summary>
    public int Size => _bytes.Length;

    /// <summary>The contents, for the model.</summary>
    public Span<byte> Bytes => _bytes;

    /// <summary>Called after every software write with the offset (within the area) and length written.</summary>
    public MemoryArea WithWriteCallback(Action<int, int> onWrite)
    {
        _onWrite += onWrite;
        return this;
    }

    /// <summary>Zeroes the contents.</summary>
    public void Reset() => Array.Clear(_bytes);

    internal void Read(int offset, Span<byte> destination) => _bytes.AsSpan(offset, destination.Length).CopyTo(destination);

    internal void Write(int offset, ReadOnlySpan<byte> data)
    {
        if (_readOnly)
        {
            return;
        }

        data.CopyTo(_bytes.AsSpan(offset));
        _onWrite?.Invoke(offset, data.Length);
    }
}
