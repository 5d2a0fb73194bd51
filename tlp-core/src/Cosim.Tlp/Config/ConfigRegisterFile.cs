using System.Buffers.Binary;
using System.Diagnostics;

namespace Cosim.Tlp.Config;

/// <summary>
/// The register engine behind <see cref="ConfigSpace"/>: 4 KiB of configuration bytes plus, for every byte, a
/// writable mask, a write-1-to-clear mask, a power-on value, a mask of bits a Function Level Reset keeps, and the
/// <see cref="ConfigChange"/> a change of that byte raises. Registers are declared once with <see cref="Define"/>;
/// a write is then the same three mask operations for every offset, and nothing dispatches on an offset.
/// </summary>
/// <remarks>
/// Per byte, a write of <c>d</c> over value <c>v</c> gives <c>((v &amp; ~W) | (d &amp; W)) &amp; ~(d &amp; C)</c>
/// with <c>W</c> the writable (RW) mask and <c>C</c> the RW1C mask. Bits in neither mask are read-only (RO, HwInit,
/// RsvdP, RsvdZ all read their declared value and ignore writes). A byte nobody declared reads 0.
/// Per-DW hooks run after the masks, for the few registers whose write has a side effect the masks cannot express
/// (MSI Multiple Message Enable clamping, unsupported power states, the FLR trigger).
/// </remarks>
internal sealed class ConfigRegisterFile
{
    private const int DwordCount = ConfigSpace.Size / 4;

    private readonly byte[] _value = new byte[ConfigSpace.Size];
    private readonly byte[] _writable = new byte[ConfigSpace.Size];
    private readonly byte[] _writeOneToClear = new byte[ConfigSpace.Size];
    private readonly byte[] _powerOn = new byte[ConfigSpace.Size];
    private readonly byte[] _keptByFunctionLevelReset = new byte[ConfigSpace.Size];
    private readonly ConfigChange[] _change = new ConfigChange[ConfigSpace.Size];
    private readonly bool[] _declared = new bool[ConfigSpace.Size];
    private readonly ConfigWriteHook?[] _hooks = new ConfigWriteHook?[DwordCount];
    private int _pendingChanges;
    private bool _internalResetRequested;

    /// <summary>The live configuration bytes (little-endian, as software sees them).</summary>
    public ReadOnlySpan<byte> Bytes => _value;

    /// <summary>
    /// Declares a register of <paramref name="width"/> bytes (1, 2 or 4, naturally aligned) at
    /// <paramref name="offset"/>. Declaring a byte twice is a bug in a capability builder and throws.
    /// </summary>
    public void Define(
        int offset,
        int width,
        uint powerOn,
        uint writable = 0,
        uint writeOneToClear = 0,
        ConfigChange change = ConfigChange.None,
        uint keptByFunctionLevelReset = 0)
    {
        Debug.Assert(width is 1 or 2 or 4 && offset % width == 0, "Registers are 1, 2 or 4 bytes and naturally aligned.");
        Debug.Assert((writable & writeOneToClear) == 0, "A bit is either RW or RW1C.");
        for (int i = 0; i < width; i++)
        {
            int at = offset + i;
            if (_declared[at])
            {
                throw new InvalidOperationException($"Configuration byte 0x{at:X3} is declared twice.");
            }

            int shift = 8 * i;
            _declared[at] = true;
            _powerOn[at] = (byte)(powerOn >> shift);
            _value[at] = _powerOn[at];
            _writable[at] = (byte)(writable >> shift);
            _writeOneToClear[at] = (byte)(writeOneToClear >> shift);
            _keptByFunctionLevelReset[at] = (byte)(keptByFunctionLevelReset >> shift);
            _change[at] = change;
        }
    }

    /// <summary>Runs <paramref name="hook"/> after every write that touches the DW at <paramref name="dwordOffset"/>.</summary>
    public void OnWrite(int dwordOffset, ConfigWriteHook hook)
    {
        Debug.Assert(dwordOffset % 4 == 0, "Hooks are per DW.");
        if (_hooks[dwordOffset / 4] is not null)
        {
            throw new InvalidOperationException($"Configuration DW 0x{dwordOffset:X3} has two write hooks.");
        }

        _hooks[dwordOffset / 4] = hook;
    }

    /// <summary>Copies the bytes at <paramref name="offset"/> to <paramref name="destination"/>.</summary>
    public void Read(int offset, Span<byte> destination) => _value.AsSpan(offset, destination.Length).CopyTo(destination);

    /// <summary>
    /// Applies a software write of <paramref name="data"/> at <paramref name="offset"/> and returns the set of
    /// <see cref="ConfigChange"/> values (bit n = value n) whose registers changed or whose event fired.
    /// </summary>
    public int Write(int offset, ReadOnlySpan<byte> data)
    {
        int saved = _pendingChanges;
        _pendingChanges = 0;
        int end = offset + data.Length;
        for (int dword = offset & ~3; dword < end; dword += 4)
        {
            uint written = 0;
            uint byteMask = 0;
            for (int i = 0; i < 4; i++)
            {
                int at = dword + i;
                if (at >= offset && at < end)
                {
                    written |= (uint)data[at - offset] << (8 * i);
                    byteMask |= 0xFFu << (8 * i);
                }
            }

            WriteDword(dword, written, byteMask);
        }

        int changes = _pendingChanges;
        _pendingChanges = saved;
        return changes;
    }

    /// <summary>
    /// Applies a software write of the bytes of <paramref name="written"/> selected by <paramref name="byteMask"/> to the
    /// DW at <paramref name="dwordOffset"/> (a configuration write TLP with its First DW BE); returns the changes as
    /// <see cref="Write"/> does.
    /// </summary>
    public int WriteMasked(int dwordOffset, uint written, uint byteMask)
    {
        int saved = _pendingChanges;
        _pendingChanges = 0;
        WriteDword(dwordOffset, written, byteMask);
        int changes = _pendingChanges;
        _pendingChanges = saved;
        return changes;
    }

    /// <summary>The little-endian DW at <paramref name="offset"/> (DW-aligned).</summary>
    public uint ReadUInt32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_value.AsSpan(offset));

    /// <summary>The little-endian word at <paramref name="offset"/>.</summary>
    public ushort ReadUInt16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(_value.AsSpan(offset));

    /// <summary>The byte at <paramref name="offset"/>.</summary>
    public byte ReadByte(int offset) => _value[offset];

    /// <summary>Hardware (not software) stores a DW: masks do not apply. Used by hooks and by status reporting.</summary>
    public void StoreUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_value.AsSpan(offset), value);

    /// <summary>Hardware stores a word: masks do not apply.</summary>
    public void StoreUInt16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_value.AsSpan(offset), value);

    /// <summary>Hardware sets bits (a status bit an event sets, a pending bit).</summary>
    public void SetBits(int offset, uint bits) => StoreUInt32(offset, ReadUInt32(offset) | bits);

    /// <summary>Hardware clears bits.</summary>
    public void ClearBits(int offset, uint bits) => StoreUInt32(offset, ReadUInt32(offset) & ~bits);

    /// <summary>Records that <paramref name="change"/> happened during the write in progress.</summary>
    public void Raise(ConfigChange change) => _pendingChanges |= 1 << (int)change;

    /// <summary>
    /// Asks for <see cref="ResetKeepingStickyBits"/> once the write in progress is complete (FLR, or D3hot→D0 without
    /// No_Soft_Reset).
    /// </summary>
    public void RequestInternalReset() => _internalResetRequested = true;

    /// <summary>True once after <see cref="RequestInternalReset"/>.</summary>
    public bool TakeInternalResetRequest()
    {
        bool requested = _internalResetRequested;
        _internalResetRequested = false;
        return requested;
    }

    /// <summary>Every byte back to its power-on value (a Conventional Reset).</summary>
    public void ResetToPowerOn() => _powerOn.CopyTo(_value, 0);

    /// <summary>
    /// A Function Level Reset (PCIe Base 6.0 §6.6.2) or the internal reset of a D3hot→D0 transition: every bit back to
    /// its power-on value except the sticky bits and the Link registers declared as kept.
    /// </summary>
    public void ResetKeepingStickyBits()
    {
        for (int i = 0; i < ConfigSpace.Size; i++)
        {
            byte kept = _keptByFunctionLevelReset[i];
            _value[i] = (byte)((_value[i] & kept) | (_powerOn[i] & ~kept));
        }
    }

    private void WriteDword(int dword, uint written, uint byteMask)
    {
        uint old = ReadUInt32(dword);
        uint writable = BinaryPrimitives.ReadUInt32LittleEndian(_writable.AsSpan(dword)) & byteMask;
        uint clear = BinaryPrimitives.ReadUInt32LittleEndian(_writeOneToClear.AsSpan(dword)) & byteMask;
        uint value = ((old & ~writable) | (written & writable)) & ~(written & clear);
        StoreUInt32(dword, value);

        _hooks[dword / 4]?.Invoke(old, written, byteMask);

        uint now = ReadUInt32(dword);
        for (int i = 0; i < 4; i++)
        {
            ConfigChange change = _change[dword + i];
            if (change != ConfigChange.None && (byte)(old >> (8 * i)) != (byte)(now >> (8 * i)))
            {
                Raise(change);
            }
        }
    }
}

/// <summary>
/// Runs after the masks of a software write to one DW were applied: <paramref name="oldValue"/> is the DW before the
/// write, <paramref name="written"/> the data and <paramref name="byteMask"/> the bytes the write covered.
/// </summary>
internal delegate void ConfigWriteHook(uint oldValue, uint written, uint byteMask);
