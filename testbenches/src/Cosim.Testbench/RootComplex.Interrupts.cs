using System.Buffers.Binary;
using System.Numerics;
using Cosim.Testbench.Enumeration;
using Cosim.Testbench.Interrupts;
using Cosim.Tlp;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Testbench;

/// <summary>MSI and MSI-X: vector allocation, programming, and delivery of the function's interrupt writes.</summary>
/// <remarks>
/// Every vector gets the interrupt window's base as Message Address and a Message Data value no other vector has, so
/// an interrupt write is identified by (address, data), as an x86 root complex's APIC does. MSI vectors take a block
/// of data values aligned to their count (§6.1.4.3: the function replaces the low bits with the vector number).
/// </remarks>
public sealed partial class RootComplex
{
    private const int MsiControl = 0x02;
    private const int MsiAddress = 0x04;
    private const int MsiUpperAddress = 0x08;
    private const int MsiData32 = 0x08;
    private const int MsiData64 = 0x0C;
    private const ushort MsiEnableBit = 1 << 0;
    private const int MultipleMessageCapableShift = 1;
    private const int MultipleMessageEnableShift = 4;
    private const ushort MultipleMessageEnableMask = 0b111 << MultipleMessageEnableShift;
    private const ushort MsiAddress64Bit = 1 << 7;
    private const int MsixControl = 0x02;
    private const int MsixTable = 0x04;
    private const ushort MsixTableSizeMask = 0x07FF;
    private const ushort MsixFunctionMask = 1 << 14;
    private const ushort MsixEnableBit = 1 << 15;
    private const uint MsixBirMask = 0b111;
    private const int MsixEntryBytes = 16;
    private const int MsixMessageUpperAddress = 4;
    private const int MsixMessageData = 8;
    private const int MsixVectorControl = 12;
    private const uint MsixVectorMaskBit = 1;
    private const uint FirstMessageData = 0x4000;

    private readonly Dictionary<(ulong Address, uint Data), InterruptVector> _vectors = [];
    private IReadOnlyList<InterruptVector> _msi = [];
    private IReadOnlyList<InterruptVector> _msix = [];
    private uint _nextMessageData = FirstMessageData;

    /// <summary>The MSI vectors <see cref="ConfigureMsiAsync"/> programmed (empty before).</summary>
    public IReadOnlyList<InterruptVector> Msi
    {
        get
        {
            lock (_lock)
            {
                return _msi;
            }
        }
    }

    /// <summary>The MSI-X vectors <see cref="ConfigureMsixAsync"/> programmed (empty before).</summary>
    public IReadOnlyList<InterruptVector> MsiX
    {
        get
        {
            lock (_lock)
            {
                return _msix;
            }
        }
    }

    /// <summary>
    /// Programs and enables MSI: <paramref name="vectors"/> vectors (a power of two up to Multiple Message Capable; 0 for
    /// all it can), Message Address, Message Data, Multiple Message Enable, MSI Enable.
    /// </summary>
    public async Task<IReadOnlyList<InterruptVector>> ConfigureMsiAsync(int vectors = 0)
    {
        int msi = RequireCapability(CapabilityId.Msi, "MSI");
        ushort control = await ConfigReadUInt16Async(msi + MsiControl).ConfigureAwait(false);
        int capable = 1 << ((control >> MultipleMessageCapableShift) & 0b111);
        int count = vectors == 0 ? capable : vectors;
        if (count < 1 || count > capable || !BitOperations.IsPow2(count))
        {
            throw new ArgumentOutOfRangeException(nameof(vectors), vectors, $"MSI: the function is capable of {capable} vector(s); ask for a power of two up to that (0 for all).");
        }

        bool is64Bit = (control & MsiAddress64Bit) != 0;
        ulong address = Options.InterruptWindowBase;
        uint baseData = AllocateMessageData(count);
        await ConfigWriteUInt32Async(msi + MsiAddress, (uint)address).ConfigureAwait(false);
        if (is64Bit)
        {
            await ConfigWriteUInt32Async(msi + MsiUpperAddress, (uint)(address >> UpperHalfShift)).ConfigureAwait(false);
        }

        await ConfigWriteUInt16Async(msi + (is64Bit ? MsiData64 : MsiData32), (ushort)baseData).ConfigureAwait(false);

        var allocated = new InterruptVector[count];
        lock (_lock)
        {
            Unregister(_msi);
            for (int i = 0; i < count; i++)
            {
                allocated[i] = new InterruptVector(this, InterruptKind.Msi, i, address, baseData + (uint)i);
                _vectors[(address, allocated[i].Data)] = allocated[i];
            }

            _msi = allocated;
        }

        int multipleMessageEnable = BitOperations.Log2((uint)count);
        ushort enabled = (ushort)((control & ~MultipleMessageEnableMask) | (multipleMessageEnable << MultipleMessageEnableShift) | MsiEnableBit);
        await ConfigWriteUInt16Async(msi + MsiControl, enabled).ConfigureAwait(false);
        return allocated;
    }

    /// <summary>Clears MSI Enable (the vectors stay known, so a message sent anyway is still counted).</summary>
    public async Task DisableMsiAsync()
    {
        int msi = RequireCapability(CapabilityId.Msi, "MSI");
        ushort control = await ConfigReadUInt16Async(msi + MsiControl).ConfigureAwait(false);
        await ConfigWriteUInt16Async(msi + MsiControl, (ushort)(control & ~MsiEnableBit)).ConfigureAwait(false);
    }

    /// <summary>
    /// Programs and enables MSI-X for the first <paramref name="vectors"/> table entries (0: all): with the Function Mask
    /// set, each entry's Message Address, Upper Address, Data and an unmasked Vector Control go into the table through
    /// one 16-byte MMIO write; then the Function Mask clears.
    /// </summary>
    public async Task<IReadOnlyList<InterruptVector>> ConfigureMsixAsync(int vectors = 0)
    {
        int msix = RequireCapability(CapabilityId.Msix, "MSI-X");
        ushort control = await ConfigReadUInt16Async(msix + MsixControl).ConfigureAwait(false);
        int tableSize = (control & MsixTableSizeMask) + 1;
        int count = vectors == 0 ? tableSize : vectors;
        if (count < 1 || count > tableSize)
        {
            throw new ArgumentOutOfRangeException(nameof(vectors), vectors, $"MSI-X: the table has {tableSize} entries.");
        }

        ulong table = await MsixTableAddressAsync(msix).ConfigureAwait(false);
        await ConfigWriteUInt16Async(msix + MsixControl, (ushort)(control | MsixEnableBit | MsixFunctionMask)).ConfigureAwait(false);

        ulong address = Options.InterruptWindowBase;
        var allocated = new InterruptVector[count];
        byte[] entry = new byte[MsixEntryBytes];
        for (int i = 0; i < count; i++)
        {
            uint data = AllocateMessageData(1);
            allocated[i] = new InterruptVector(this, InterruptKind.MsiX, i, address, data);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)address);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(MsixMessageUpperAddress), (uint)(address >> UpperHalfShift));
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(MsixMessageData), data);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(MsixVectorControl), 0);
            await WriteAsync(table + (ulong)(i * MsixEntryBytes), entry).ConfigureAwait(false);
        }

        lock (_lock)
        {
            Unregister(_msix);
            foreach (InterruptVector vector in allocated)
            {
                _vectors[(vector.Address, vector.Data)] = vector;
            }

            _msix = allocated;
        }

        await ConfigWriteUInt16Async(msix + MsixControl, (ushort)((control | MsixEnableBit) & ~MsixFunctionMask)).ConfigureAwait(false);
        return allocated;
    }

    /// <summary>Clears MSI-X Enable.</summary>
    public async Task DisableMsixAsync()
    {
        int msix = RequireCapability(CapabilityId.Msix, "MSI-X");
        ushort control = await ConfigReadUInt16Async(msix + MsixControl).ConfigureAwait(false);
        await ConfigWriteUInt16Async(msix + MsixControl, (ushort)(control & ~MsixEnableBit)).ConfigureAwait(false);
    }

    /// <summary>Sets or clears the Function Mask of MSI-X.</summary>
    public async Task SetMsixFunctionMaskAsync(bool masked)
    {
        int msix = RequireCapability(CapabilityId.Msix, "MSI-X");
        ushort control = await ConfigReadUInt16Async(msix + MsixControl).ConfigureAwait(false);
        ushort updated = masked ? (ushort)(control | MsixFunctionMask) : (ushort)(control & ~MsixFunctionMask);
        await ConfigWriteUInt16Async(msix + MsixControl, updated).ConfigureAwait(false);
    }

    /// <summary>Sets or clears the Mask bit of MSI-X table entry <paramref name="entry"/> (an MMIO write to its Vector Control).</summary>
    public async Task SetMsixVectorMaskAsync(int entry, bool masked)
    {
        int msix = RequireCapability(CapabilityId.Msix, "MSI-X");
        ulong table = await MsixTableAddressAsync(msix).ConfigureAwait(false);
        await WriteUInt32Async(table + (ulong)(entry * MsixEntryBytes) + MsixVectorControl, masked ? MsixVectorMaskBit : 0).ConfigureAwait(false);
    }

    private async Task<ulong> MsixTableAddressAsync(int msix)
    {
        uint tableOffsetBir = await ConfigReadUInt32Async(msix + MsixTable).ConfigureAwait(false);
        Bar bar = Function.GetBar((int)(tableOffsetBir & MsixBirMask));
        return bar.Address + (tableOffsetBir & ~MsixBirMask);
    }

    private int RequireCapability(CapabilityId id, string name)
    {
        int offset = Function.FindCapability(id);
        return offset != 0 ? offset : throw new InvalidOperationException($"{Function} has no {name} capability.");
    }

    // A block of `count` unused data values aligned to `count` (MSI vectors replace its low bits).
    private uint AllocateMessageData(int count)
    {
        lock (_lock)
        {
            uint start = (_nextMessageData + (uint)count - 1) & ~((uint)count - 1);
            _nextMessageData = start + (uint)count;
            return start;
        }
    }

    private void Unregister(IReadOnlyList<InterruptVector> vectors)
    {
        foreach (InterruptVector vector in vectors)
        {
            _vectors.Remove((vector.Address, vector.Data));
        }
    }

    private bool IsInterruptAddress(ulong address) =>
        address >= Options.InterruptWindowBase && address - Options.InterruptWindowBase < Options.InterruptWindowSize;

    // An MSI/MSI-X message: a DW write into the interrupt window. The vector is found by (address, data).
    private void DeliverInterrupt(in TlpHeader write, ReadOnlySpan<byte> payload)
    {
        uint data = payload.Length >= DwordBytes ? BinaryPrimitives.ReadUInt32LittleEndian(payload) : 0;
        InterruptVector? vector;
        lock (_lock)
        {
            if (!_vectors.TryGetValue((write.Address, data), out vector))
            {
                _unclaimedInterrupts.Add($"interrupt write of data 0x{data:x} to 0x{write.Address:x} matches no vector the root complex programmed: {write}");
            }
        }

        vector?.Deliver();
    }
}
