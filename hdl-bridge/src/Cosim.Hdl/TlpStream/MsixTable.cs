using System.Buffers.Binary;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Hdl.TlpStream;

/// <summary>
/// The MSI-X Table and Pending Bit Array (PCIe Base 6.0 §7.7.2), kept by the bridge as a hard IP would: host
/// accesses to their BAR ranges are answered here, never reach the RTL, and the RTL asks for a vector by number
/// on <c>irq_req_*</c>.
/// </summary>
/// <remarks>
/// <code>
/// Table entry n, at Table Offset + 16n:
///   DW0 Message Address [31:2] (bits 1:0 zero)   DW1 Message Upper Address
///   DW2 Message Data                             DW3 Vector Control: bit 0 Mask Bit (set after reset)
/// PBA: bit n of the QW array is Pending Bit n (read-only to software).
/// </code>
/// Not thread-safe: the function's gate serialises host accesses and interrupt requests.
/// </remarks>
internal sealed class MsixTable
{
    private const int EntryBytes = MsixCapability.TableEntrySize;
    private const int VectorControlOffset = 12;
    private const uint MaskBit = 1;
    private const int AddressUpperOffset = 4;
    private const int DataOffset = 8;

    private readonly MsixState _state;
    private readonly byte[] _table;
    private readonly byte[] _pba;

    internal MsixTable(MsixState state)
    {
        _state = state;
        _table = new byte[state.TableLength];
        _pba = new byte[state.PbaLength];
        Reset();
    }

    /// <summary>Which structure a BAR access hits.</summary>
    internal enum Region
    {
        /// <summary>Neither: the access goes to the RTL.</summary>
        None,

        /// <summary>The table.</summary>
        Table,

        /// <summary>The Pending Bit Array.</summary>
        PendingBits,

        /// <summary>Partly inside a structure and partly outside: refused.</summary>
        Straddling,
    }

    /// <summary>Every entry masked, nothing pending (§7.7.2: "the Mask bit ... is set" after reset).</summary>
    internal void Reset()
    {
        Array.Clear(_table);
        Array.Clear(_pba);
        for (int offset = VectorControlOffset; offset < _table.Length; offset += EntryBytes)
        {
            _table[offset] = (byte)MaskBit;
        }
    }

    /// <summary>Classifies an access of <paramref name="length"/> bytes at <paramref name="offset"/> in BAR <paramref name="bar"/>.</summary>
    internal Region Locate(int bar, ulong offset, int length, out int start)
    {
        Region table = Overlap(bar, offset, length, _state.TableBar, _state.TableOffset, _table.Length, Region.Table, out int tableStart);
        if (table != Region.None)
        {
            start = tableStart;
            return table;
        }

        return Overlap(bar, offset, length, _state.PbaBar, _state.PbaOffset, _pba.Length, Region.PendingBits, out start);
    }

    /// <summary>Copies <paramref name="destination"/>.Length bytes of <paramref name="region"/> at <paramref name="start"/>.</summary>
    internal void Read(Region region, int start, Span<byte> destination) =>
        (region == Region.Table ? _table : _pba).AsSpan(start, destination.Length).CopyTo(destination);

    /// <summary>A software write of the bytes selected by <paramref name="enabled"/>; the PBA is read-only.</summary>
    internal void Write(Region region, int start, ReadOnlySpan<byte> data, ReadOnlySpan<bool> enabled)
    {
        if (region != Region.Table)
        {
            return;
        }

        for (int i = 0; i < data.Length; i++)
        {
            if (enabled[i])
            {
                _table[start + i] = data[i];
            }
        }
    }

    /// <summary>
    /// The RTL asks for <paramref name="vector"/>: true with the message when it may be sent now; false when it is
    /// masked (its Pending Bit is set) or out of range.
    /// </summary>
    internal bool Signal(int vector, out ulong address, out uint data)
    {
        address = 0;
        data = 0;
        if (vector < 0 || vector >= _state.TableSize)
        {
            return false;
        }

        if (_state.FunctionMask || IsMasked(vector))
        {
            SetPending(vector, true);
            return false;
        }

        Message(vector, out address, out data);
        return true;
    }

    /// <summary>Finds the next pending vector that is now unmasked, clears its Pending Bit and gives its message.</summary>
    internal bool TakeDeliverable(out ulong address, out uint data)
    {
        address = 0;
        data = 0;
        if (!_state.Enabled || _state.FunctionMask)
        {
            return false;
        }

        for (int vector = 0; vector < _state.TableSize; vector++)
        {
            if (IsPending(vector) && !IsMasked(vector))
            {
                SetPending(vector, false);
                Message(vector, out address, out data);
                return true;
            }
        }

        return false;
    }

    internal bool IsPending(int vector) => (_pba[vector / 8] & (1 << (vector % 8))) != 0;

    private static Region Overlap(int bar, ulong offset, int length, int structureBar, uint structureOffset, int structureLength, Region region, out int start)
    {
        start = 0;
        ulong end = offset + (ulong)length;
        ulong structureEnd = structureOffset + (ulong)structureLength;
        if (bar != structureBar || end <= structureOffset || offset >= structureEnd)
        {
            return Region.None;
        }

        if (offset < structureOffset || end > structureEnd)
        {
            return Region.Straddling;
        }

        start = (int)(offset - structureOffset);
        return region;
    }

    private bool IsMasked(int vector) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(_table.AsSpan((vector * EntryBytes) + VectorControlOffset)) & MaskBit) != 0;

    private void SetPending(int vector, bool pending)
    {
        ref byte bits = ref _pba[vector / 8];
        bits = pending ? (byte)(bits | (1 << (vector % 8))) : (byte)(bits & ~(1 << (vector % 8)));
    }

    private void Message(int vector, out ulong address, out uint data)
    {
        ReadOnlySpan<byte> entry = _table.AsSpan(vector * EntryBytes, EntryBytes);
        address = BinaryPrimitives.ReadUInt32LittleEndian(entry) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(entry[AddressUpperOffset..]) << 32);
        data = BinaryPrimitives.ReadUInt32LittleEndian(entry[DataOffset..]);
    }
}
