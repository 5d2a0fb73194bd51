using System.Buffers.Binary;
using System.Numerics;

namespace Cosim.Device.Registers;

/// <summary>
/// One register of a <see cref="RegisterMap"/>: 1, 2, 4 or 8 bytes, little-endian, made of declared fields with
/// their access types. Bits no field declares are reserved: they read 0 and ignore writes. A register declared
/// with no field at all is one read-write field of its full width.
/// </summary>
public sealed class Register
{
    private readonly List<Field> _fields = [];
    private ulong _value;
    private Action<ulong, ulong>? _onWrite;
    private Func<ulong, ulong>? _onRead;
    private bool _hasReadHooks;
    private ulong _readOnlyMask;
    private ulong _readWriteMask;
    private ulong _writeOneToClearMask;
    private ulong _writeOneToSetMask;
    private ulong _readToClearMask;
    private ulong _writeOnlyMask;
    private AccessWidths _accessWidths;
    private NarrowWrite _narrowWrite;

    internal Register(string name, long offset, int widthBytes, ulong resetValue)
    {
        if (widthBytes is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(widthBytes), widthBytes, $"Register {name}: width must be 1, 2, 4 or 8 bytes.");
        }

        Name = name;
        Offset = offset;
        WidthBytes = widthBytes;
        ResetValue = resetValue & WidthMask;
        _value = ResetValue;
    }

    /// <summary>The register's name, as the datasheet spells it.</summary>
    public string Name { get; }

    /// <summary>Byte offset in its BAR.</summary>
    public long Offset { get; }

    /// <summary>Width in bytes.</summary>
    public int WidthBytes { get; }

    /// <summary>Value after reset.</summary>
    public ulong ResetValue { get; }

    /// <summary>The stored value (what the device sees; software reads go through the field access types).</summary>
    public ulong Value
    {
        get => _value;
        set => _value = value & WidthMask;
    }

    private ulong WidthMask => WidthBytes == 8 ? ulong.MaxValue : (1UL << (WidthBytes * 8)) - 1;

    /// <summary>Declares a multi-bit field and returns its handle through <paramref name="field"/>.</summary>
    public Register WithValueField(
        int position,
        int width,
        out IValueField field,
        FieldAccess access = FieldAccess.ReadWrite,
        string? name = null,
        Func<ulong, ulong>? onRead = null,
        Action<ulong, ulong>? onWrite = null)
    {
        Field declared = AddField(position, width, access, name ?? $"{Name}[{position + width - 1}:{position}]", onRead, onWrite);
        field = declared;
        return this;
    }

    /// <summary>Declares a multi-bit field the model reaches only through callbacks.</summary>
    public Register WithValueField(
        int position,
        int width,
        FieldAccess access = FieldAccess.ReadWrite,
        string? name = null,
        Func<ulong, ulong>? onRead = null,
        Action<ulong, ulong>? onWrite = null) =>
        WithValueField(position, width, out _, access, name, onRead, onWrite);

    /// <summary>Declares a one-bit field and returns its handle through <paramref name="flag"/>.</summary>
    public Register WithFlag(
        int position,
        out IFlagField flag,
        FieldAccess access = FieldAccess.ReadWrite,
        string? name = null,
        Action<bool, bool>? onWrite = null)
    {
        Field declared = AddField(
            position,
            1,
            access,
            name ?? $"{Name}[{position}]",
            onRead: null,
            onWrite: onWrite is null ? null : (oldValue, newValue) => onWrite(oldValue != 0, newValue != 0));
        flag = declared;
        return this;
    }

    /// <summary>Declares a one-bit field the model reaches only through callbacks.</summary>
    public Register WithFlag(int position, FieldAccess access = FieldAccess.ReadWrite, string? name = null, Action<bool, bool>? onWrite = null) =>
        WithFlag(position, out _, access, name, onWrite);

    /// <summary>Declares reserved bits explicitly (they read 0 and ignore writes; documentation for the reader).</summary>
    public Register WithReservedBits(int position, int width)
    {
        CheckBits(position, width, "reserved bits");
        return this;
    }

    /// <summary>Called after every software write with the register's old and new stored values.</summary>
    public Register WithWriteCallback(Action<ulong, ulong> onWrite)
    {
        _onWrite += onWrite;
        return this;
    }

    /// <summary>Transforms the value software reads (after field read callbacks).</summary>
    public Register WithReadCallback(Func<ulong, ulong> onRead)
    {
        _onRead = onRead;
        _hasReadHooks = true;
        return this;
    }

    /// <summary>
    /// Restricts software accesses to <paramref name="widths"/>, each starting at the register's offset (a datasheet's
    /// "only 32-bit accesses", QEMU's per-offset size checks). Any other access that reaches the register (another
    /// width, or one that starts inside it or before it) is refused: it reads as the map's unimplemented value, its
    /// write is dropped, and it is logged once.
    /// </summary>
    /// <param name="widths">The widths allowed; none may exceed the register's width.</param>
    /// <param name="narrowWrite">What an allowed write narrower than the register does to the bytes it does not carry.</param>
    public Register WithAccessWidths(AccessWidths widths, NarrowWrite narrowWrite = NarrowWrite.Merge)
    {
        if (widths == AccessWidths.Any || (int)widths > (WidthBytes * 2) - 1 || ((int)widths & ~0xF) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(widths), widths, $"Register {Name}: access widths must be a non-empty set of 1, 2, 4 or 8 bytes, none wider than the register's {WidthBytes}.");
        }

        _accessWidths = widths;
        _narrowWrite = narrowWrite;
        return this;
    }

    /// <summary>Returns the stored value to <see cref="ResetValue"/>.</summary>
    public void Reset() => _value = ResetValue;

    /// <summary>
    /// Whether a software access of <paramref name="accessLength"/> bytes starting <paramref name="accessOffset"/> bytes
    /// into the register (negative: before it) is one the register accepts.
    /// </summary>
    internal bool Accepts(long accessOffset, int accessLength) =>
        _accessWidths == AccessWidths.Any
        || (accessOffset == 0 && accessLength <= WidthBytes && BitOperations.IsPow2(accessLength) && ((int)_accessWidths & accessLength) != 0);

    /// <summary>A software read of <paramref name="destination"/>.Length bytes starting <paramref name="byteOffset"/> bytes into the register.</summary>
    internal void Read(int byteOffset, Span<byte> destination)
    {
        EnsureFields();
        ulong visible = _value & ~_writeOnlyMask & DefinedMask;
        if (_hasReadHooks)
        {
            foreach (Field field in _fields)
            {
                if (field.OnRead is not null)
                {
                    ulong transformed = field.OnRead(field.Value) & field.ValueMask;
                    visible = (visible & ~field.Mask) | (transformed << field.Position);
                }
            }

            if (_onRead is not null)
            {
                visible = _onRead(visible) & WidthMask;
            }
        }

        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, visible);
        bytes.Slice(byteOffset, destination.Length).CopyTo(destination);

        if (_readToClearMask != 0)
        {
            _value &= ~(_readToClearMask & ByteRangeMask(byteOffset, destination.Length));
        }
    }

    /// <summary>A software write of <paramref name="data"/> starting <paramref name="byteOffset"/> bytes into the register.</summary>
    internal void Write(int byteOffset, ReadOnlySpan<byte> data)
    {
        EnsureFields();
        Span<byte> bytes = stackalloc byte[8];
        bytes.Clear();
        data.CopyTo(bytes[byteOffset..]);
        ulong written = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        ulong mask = _narrowWrite == NarrowWrite.ZeroExtend && byteOffset == 0 ? WidthMask : ByteRangeMask(byteOffset, data.Length);

        ulong old = _value;
        ulong store = (_readWriteMask | _writeOnlyMask) & mask;
        ulong next = (old & ~store) | (written & store);
        next &= ~(written & _writeOneToClearMask & mask);
        next |= written & _writeOneToSetMask & mask;
        _value = next & WidthMask;

        foreach (Field field in _fields)
        {
            if (field.OnWrite is not null && (field.Mask & mask) != 0 && field.Access is not (FieldAccess.ReadOnly or FieldAccess.ReadToClear))
            {
                field.OnWrite((old & field.Mask) >> field.Position, field.Value);
            }
        }

        _onWrite?.Invoke(old, _value);
    }

    private ulong DefinedMask => _readOnlyMask | _readWriteMask | _writeOneToClearMask | _writeOneToSetMask | _readToClearMask | _writeOnlyMask;

    private static ulong ByteRangeMask(int byteOffset, int length) =>
        (length >= 8 ? ulong.MaxValue : (1UL << (length * 8)) - 1) << (byteOffset * 8);

    private void EnsureFields()
    {
        if (_fields.Count == 0)
        {
            AddField(0, WidthBytes * 8, FieldAccess.ReadWrite, Name, null, null);
        }
    }

    private Field AddField(int position, int width, FieldAccess access, string name, Func<ulong, ulong>? onRead, Action<ulong, ulong>? onWrite)
    {
        ulong mask = CheckBits(position, width, name);
        if ((DefinedMask & mask) != 0)
        {
            throw new ArgumentException($"Register {Name}: field {name} overlaps another field.", nameof(position));
        }

        switch (access)
        {
            case FieldAccess.ReadOnly: _readOnlyMask |= mask; break;
            case FieldAccess.ReadWrite: _readWriteMask |= mask; break;
            case FieldAccess.WriteOneToClear: _writeOneToClearMask |= mask; break;
            case FieldAccess.WriteOneToSet: _writeOneToSetMask |= mask; break;
            case FieldAccess.ReadToClear: _readToClearMask |= mask; break;
            case FieldAccess.WriteOnly: _writeOnlyMask |= mask; break;
            default: throw new ArgumentOutOfRangeException(nameof(access), access, $"Register {Name}: unknown access type for field {name}.");
        }

        var field = new Field(this, name, position, width, access, onRead, onWrite);
        _fields.Add(field);
        _hasReadHooks |= onRead is not null;
        return field;
    }

    private ulong CheckBits(int position, int width, string what)
    {
        if (position < 0 || width < 1 || position + width > WidthBytes * 8)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, $"Register {Name}: {what} at bits {position}+{width} do not fit {WidthBytes * 8} bits.");
        }

        return (width == 64 ? ulong.MaxValue : (1UL << width) - 1) << position;
    }

    private sealed class Field(Register owner, string name, int position, int width, FieldAccess access, Func<ulong, ulong>? onRead, Action<ulong, ulong>? onWrite)
        : IValueField, IFlagField
    {
        public string Name { get; } = name;

        public int Position { get; } = position;

        public FieldAccess Access { get; } = access;

        public Func<ulong, ulong>? OnRead { get; } = onRead;

        public Action<ulong, ulong>? OnWrite { get; } = onWrite;

        public ulong ValueMask { get; } = width == 64 ? ulong.MaxValue : (1UL << width) - 1;

        public ulong Mask => ValueMask << Position;

        public ulong Value
        {
            get => (owner._value & Mask) >> Position;
            set => owner._value = (owner._value & ~Mask) | ((value & ValueMask) << Position);
        }

        bool IFlagField.Value
        {
            get => Value != 0;
            set => Value = value ? 1UL : 0UL;
        }
    }
}
