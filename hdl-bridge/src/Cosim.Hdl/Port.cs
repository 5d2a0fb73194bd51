using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Cosim.Hdl;

/// <summary>
/// One top-level port of a <see cref="VerilatedModel"/>, read and written straight in the model's storage (no
/// native call). Writes are masked to the port's width, so the bits above it stay zero as Verilator requires.
/// </summary>
/// <remarks>
/// Ports up to 64 bits are values (<see cref="Value"/>); wider ports are 32-bit words, least significant first
/// (<see cref="Read(Span{uint})"/>, <see cref="Write(ReadOnlySpan{uint})"/>), or little-endian bytes. A port is
/// valid until its model is disposed; after that every access throws <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed unsafe class Port
{
    private readonly VerilatedModel _model;
    private readonly byte* _storage;
    private readonly ulong _mask;
    private readonly uint _topWordMask;
    private readonly int _storageBytes;
    private readonly int _wordCount;
    private readonly bool _writable;
    private readonly bool _wide;

    internal Port(VerilatedModel model, PortInfo info, void* storage)
    {
        _model = model;
        Info = info;
        _storage = (byte*)storage;
        _storageBytes = info.StorageBytes;
        _mask = info.Width >= 64 ? ulong.MaxValue : (1UL << info.Width) - 1;
        int topBits = info.Width % PortInfo.WideWordBits;
        _topWordMask = topBits == 0 ? uint.MaxValue : (1U << topBits) - 1;
        _writable = info.Direction != PortDirection.Output;
        _wordCount = info.WordCount;
        _wide = info.IsWide;
    }

    /// <summary>Name, direction, width and index.</summary>
    public PortInfo Info { get; }

    /// <summary>The Verilog name.</summary>
    public string Name => Info.Name;

    /// <summary>Input, output or inout.</summary>
    public PortDirection Direction => Info.Direction;

    /// <summary>Width in bits.</summary>
    public int Width => Info.Width;

    /// <summary>True when the port is wider than 64 bits: read and write it as 32-bit words.</summary>
    public bool IsWide => _wide;

    /// <summary>32-bit words the port's value takes.</summary>
    public int WordCount => _wordCount;

    /// <summary>
    /// The value of a port of at most 64 bits. Setting it masks the value to the width (as a Verilog assignment
    /// to a narrower vector truncates). Wider ports throw: use <see cref="Read(Span{uint})"/>.
    /// </summary>
    public ulong Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            _model.ThrowIfDisposed();
            switch (_storageBytes)
            {
                case sizeof(byte):
                    return *_storage;
                case sizeof(ushort):
                    return *(ushort*)_storage;
                case sizeof(uint):
                    return *(uint*)_storage;
                case sizeof(ulong):
                    return *(ulong*)_storage;
                default:
                    ThrowWide();
                    return 0;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            _model.ThrowIfDisposed();
            if (!_writable)
            {
                ThrowNotWritable();
            }

            value &= _mask;
            switch (_storageBytes)
            {
                case sizeof(byte):
                    *_storage = (byte)value;
                    break;
                case sizeof(ushort):
                    *(ushort*)_storage = (ushort)value;
                    break;
                case sizeof(uint):
                    *(uint*)_storage = (uint)value;
                    break;
                case sizeof(ulong):
                    *(ulong*)_storage = value;
                    break;
                default:
                    ThrowWide();
                    break;
            }
        }
    }

    /// <summary>True when bit 0 is set (for 1-bit ports: the signal is high).</summary>
    public bool IsHigh => (Value & 1) != 0;

    /// <summary>Drives a 1-bit port (or bit 0 of a wider one, clearing the others) high or low.</summary>
    public void Set(bool high) => Value = high ? 1UL : 0UL;

    /// <summary>The value of a port of at most 128 bits.</summary>
    public UInt128 ReadUInt128()
    {
        if (Width > 128)
        {
            ThrowTooWide(128);
        }

        if (!_wide)
        {
            return Value;
        }

        Span<uint> words = stackalloc uint[4];
        words.Clear();
        Read(words);
        return new UInt128(((ulong)words[3] << 32) | words[2], ((ulong)words[1] << 32) | words[0]);
    }

    /// <summary>Writes a port of at most 128 bits, masked to its width.</summary>
    public void Write(UInt128 value)
    {
        if (Width > 128)
        {
            ThrowTooWide(128);
        }

        if (!_wide)
        {
            Value = (ulong)(value & ulong.MaxValue);
            return;
        }

        ulong lower = (ulong)(value & ulong.MaxValue);
        ulong upper = (ulong)(value >> 64);
        ReadOnlySpan<uint> words = [(uint)lower, (uint)(lower >> 32), (uint)upper, (uint)(upper >> 32)];
        Write(words[.._wordCount]);
    }

    /// <summary>
    /// Copies the port's value into <paramref name="words"/> as 32-bit words, least significant first; any
    /// width. <paramref name="words"/> must hold <see cref="PortInfo.WordCount"/> words; further words are zeroed.
    /// </summary>
    public void Read(Span<uint> words)
    {
        _model.ThrowIfDisposed();
        int count = _wordCount;
        if (words.Length < count)
        {
            throw new ArgumentException($"port {Name} is {Width} bits: it needs {count} words, the span has {words.Length}.", nameof(words));
        }

        if (_wide)
        {
            new ReadOnlySpan<uint>(_storage, count).CopyTo(words);
        }
        else
        {
            ulong value = Value;
            words[0] = (uint)value;
            if (count > 1)
            {
                words[1] = (uint)(value >> 32);
            }
        }

        if (words.Length > count)
        {
            words[count..].Clear();
        }
    }

    /// <summary>
    /// Writes the port from 32-bit words, least significant first; missing words are zero, the top word is masked
    /// to the width, and extra words must be zero.
    /// </summary>
    public void Write(ReadOnlySpan<uint> words)
    {
        _model.ThrowIfDisposed();
        if (!_writable)
        {
            ThrowNotWritable();
        }

        int count = _wordCount;
        if (_wide && words.Length == count)
        {
            // The common case: exactly the port's words.
            var exact = new Span<uint>(_storage, count);
            words.CopyTo(exact);
            exact[count - 1] &= _topWordMask;
            return;
        }

        if (words.Length > count && words[count..].ContainsAnyExcept(0U))
        {
            throw new ArgumentException($"port {Name} is {Width} bits: the value has set bits beyond word {count - 1}.", nameof(words));
        }

        if (!_wide)
        {
            ulong value = words.Length > 0 ? words[0] : 0;
            if (count > 1 && words.Length > 1)
            {
                value |= (ulong)words[1] << 32;
            }

            Value = value;
            return;
        }

        var storage = new Span<uint>(_storage, count);
        int copied = Math.Min(words.Length, count);
        words[..copied].CopyTo(storage);
        storage[copied..].Clear();
        storage[count - 1] &= _topWordMask;
    }

    /// <summary>Copies the value into <paramref name="bytes"/>, little-endian, (<see cref="Width"/> + 7) / 8 bytes; further bytes are zeroed.</summary>
    public void Read(Span<byte> bytes)
    {
        int length = (Width + 7) / 8;
        if (bytes.Length < length)
        {
            throw new ArgumentException($"port {Name} is {Width} bits: it needs {length} bytes, the span has {bytes.Length}.", nameof(bytes));
        }

        Span<uint> words = stackalloc uint[_wordCount];
        Read(words);
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(words[i / sizeof(uint)] >> (8 * (i % sizeof(uint))));
        }

        bytes[length..].Clear();
    }

    /// <summary>Writes the port from little-endian bytes; missing bytes are zero and the value is masked to the width.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        int length = (Width + 7) / 8;
        if (bytes.Length > length && bytes[length..].ContainsAnyExcept((byte)0))
        {
            throw new ArgumentException($"port {Name} is {Width} bits: the value has set bytes beyond byte {length - 1}.", nameof(bytes));
        }

        Span<byte> padded = stackalloc byte[_wordCount * sizeof(uint)];
        padded.Clear();
        bytes[..Math.Min(bytes.Length, length)].CopyTo(padded);
        Span<uint> words = stackalloc uint[_wordCount];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(padded[(i * sizeof(uint))..]);
        }

        Write(words);
    }

    /// <summary>The address of the port's storage, for the benchmark's raw loop.</summary>
    internal byte* Storage => _storage;

    /// <inheritdoc />
    public override string ToString() => Info.ToString();

    [DoesNotReturn]
    private void ThrowWide() =>
        throw new InvalidOperationException($"port {Name} is {Width} bits wide; read and write it with Read/Write(Span<uint>) or UInt128.");

    [DoesNotReturn]
    private void ThrowTooWide(int limit) =>
        throw new InvalidOperationException($"port {Name} is {Width} bits wide, more than {limit}; use Read/Write(Span<uint>).");

    [DoesNotReturn]
    private void ThrowNotWritable() =>
        throw new InvalidOperationException($"port {Name} is an output of the RTL; it cannot be driven.");
}
