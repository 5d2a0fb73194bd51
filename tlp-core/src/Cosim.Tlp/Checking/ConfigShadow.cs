using System.Buffers.Binary;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Checking;

/// <summary>
/// What a <see cref="TlpChecker"/> has learnt of one function's configuration space by watching the link: the data of
/// every successful CfgRd0 completion, and the writable bits of the CfgWr0s it cares about (Command, MSI, MSI-X,
/// Device Control). A byte the link never showed is unknown, and a rule that needs it is not checked.
/// </summary>
/// <remarks>
/// The registers it reads (PCI Local Bus 3.0 §6.1, PCIe Base 6.0 §7.5.1.1, §7.7.1, §7.7.2, §7.5.3.4):
/// <code>
/// 04h Command           bit 2 Bus Master Enable, bit 10 Interrupt Disable (power-on 0000h: always known)
/// 34h Capabilities Pointer, then per capability: +0 Capability ID, +1 Next Capability Pointer
/// MSI   +2 Message Control: 0 MSI Enable, 6:4 Multiple Message Enable, 7 64 bit address capable
///       +4 Message Address, +8 Message Upper Address (64-bit), +8 / +Ch Message Data
/// MSI-X +2 Message Control: 14 Function Mask, 15 MSI-X Enable
/// PCIe  +8 Device Control: 7:5 Max_Payload_Size, 14:12 Max_Read_Request_Size, 15 Initiate Function Level Reset
/// </code>
/// Writes to read-only bits (capability headers, sizing writes of BARs) are ignored, so a CfgWr of a whole DW cannot
/// corrupt the capability list the checker walks.
/// </remarks>
internal sealed class ConfigShadow
{
    private const int DwordBytes = 4;
    private const int CommandOffset = 0x04;
    private const ushort CommandWritable = (ushort)CommandFlags.Writable;
    private const int CapabilitiesPointerOffset = 0x34;
    private const byte CapabilityPointerMask = 0xFC;
    private const int MaxCapabilities = 48;
    private const int ControlOffset = 0x02;
    private const ushort MsiEnableBit = 1 << 0;
    private const int MultipleMessageEnableShift = 4;
    private const ushort MultipleMessageEnableMask = 0b111 << MultipleMessageEnableShift;
    private const ushort MsiAddress64BitBit = 1 << 7;
    private const ushort MsiControlWritable = MsiEnableBit | MultipleMessageEnableMask;
    private const int MsiAddressOffset = 0x04;
    private const int MsiUpperAddressOffset = 0x08;
    private const int MsiData32Offset = 0x08;
    private const int MsiData64Offset = 0x0C;
    private const uint MsiAddressWritable = 0xFFFF_FFFC;
    private const ushort MsixFunctionMaskBit = 1 << 14;
    private const ushort MsixEnableBit = 1 << 15;
    private const ushort MsixControlWritable = MsixFunctionMaskBit | MsixEnableBit;
    private const int DeviceControlOffset = 0x08;
    private const ushort InitiateFunctionLevelResetBit = 1 << 15;
    private const ushort DeviceControlWritable = unchecked((ushort)~InitiateFunctionLevelResetBit);
    private const int MaxPayloadSizeShift = 5;
    private const int MaxReadRequestSizeShift = 12;
    private const int SizeFieldMask = 0b111;
    private const int LargestSizeCode = (int)Transactions.MaxPayloadSize.Bytes4096;

    private readonly byte[] _bytes = new byte[ConfigSpace.Size];
    private readonly bool[] _known = new bool[ConfigSpace.Size];

    public ConfigShadow() => Reset();

    /// <summary>What the capability list says about one capability.</summary>
    public enum Lookup : byte
    {
        /// <summary>The link has not shown the whole list yet.</summary>
        Unknown,

        /// <summary>The whole list is known and the capability is not in it.</summary>
        Absent,

        /// <summary>Found.</summary>
        Present,
    }

    /// <summary>Command: Bus Master Enable.</summary>
    public bool BusMasterEnable => (Command & CommandFlags.BusMasterEnable) != 0;

    /// <summary>Command: Interrupt Disable.</summary>
    public bool InterruptDisable => (Command & CommandFlags.InterruptDisable) != 0;

    private CommandFlags Command => (CommandFlags)ReadUInt16(CommandOffset);

    /// <summary>Forgets everything but the power-on Command register (conventional reset).</summary>
    public void Reset()
    {
        Array.Clear(_bytes);
        Array.Clear(_known);
        _known[CommandOffset] = true;
        _known[CommandOffset + 1] = true;
    }

    /// <summary>Where a CfgRd0's data goes: its enabled bytes of the shadow (marked known by <see cref="MarkKnown"/>).</summary>
    public Memory<byte> ReadTarget(in TlpHeader configRead)
    {
        int first = ByteEnables.FirstEnabledByteOffset(configRead.FirstDwByteEnables);
        int count = (configRead.FirstDwByteEnables & ByteEnables.All) == 0
            ? 0
            : ByteEnables.RequestedByteCount(1, configRead.FirstDwByteEnables, 0);
        return _bytes.AsMemory((int)configRead.Address + first, count);
    }

    /// <summary>The CfgRd0 <paramref name="configRead"/> completed successfully: its enabled bytes are known now.</summary>
    public void MarkKnown(in TlpHeader configRead)
    {
        for (int i = 0; i < DwordBytes; i++)
        {
            if ((configRead.FirstDwByteEnables & (1 << i)) != 0)
            {
                _known[(int)configRead.Address + i] = true;
            }
        }
    }

    /// <summary>
    /// Applies the writable bits of a CfgWr0 the checker tracks. Returns true when it initiated a Function Level Reset
    /// (the caller forgets the function's outstanding requests).
    /// </summary>
    public bool ApplyWrite(in TlpHeader configWrite, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < DwordBytes || configWrite.Address > ConfigSpace.Size - DwordBytes)
        {
            return false;
        }

        int dword = (int)configWrite.Address;
        bool functionLevelReset = false;
        for (int i = 0; i < DwordBytes; i++)
        {
            if ((configWrite.FirstDwByteEnables & (1 << i)) == 0)
            {
                continue;
            }

            int offset = dword + i;
            byte mask = WritableMask(offset, out bool isFlrByte);
            if (isFlrByte && (payload[i] & (InitiateFunctionLevelResetBit >> 8)) != 0)
            {
                functionLevelReset = true;
            }

            _bytes[offset] = (byte)((_bytes[offset] & ~mask) | (payload[i] & mask));
            if (mask == byte.MaxValue)
            {
                _known[offset] = true;
            }
        }

        if (functionLevelReset)
        {
            ApplyFunctionLevelReset();
        }

        return functionLevelReset;
    }

    /// <summary>Finds capability <paramref name="id"/> in the standard list.</summary>
    public Lookup FindCapability(CapabilityId id, out int offset)
    {
        offset = 0;
        if (!_known[CapabilitiesPointerOffset])
        {
            return Lookup.Unknown;
        }

        int pointer = _bytes[CapabilitiesPointerOffset] & CapabilityPointerMask;
        for (int steps = 0; pointer != 0 && steps < MaxCapabilities; steps++)
        {
            if (!_known[pointer] || !_known[pointer + 1])
            {
                return Lookup.Unknown;
            }

            if (_bytes[pointer] == (byte)id)
            {
                offset = pointer;
                return Lookup.Present;
            }

            pointer = _bytes[pointer + 1] & CapabilityPointerMask;
        }

        return Lookup.Absent;
    }

    /// <summary>MSI as far as the link showed it: enabled, its address and data, and how many vectors are enabled.</summary>
    public Lookup GetMsi(out bool enabled, out ulong address, out ushort data, out int enabledVectors)
    {
        enabled = false;
        address = 0;
        data = 0;
        enabledVectors = 0;
        Lookup lookup = FindCapability(CapabilityId.Msi, out int msi);
        if (lookup != Lookup.Present)
        {
            return lookup;
        }

        if (!IsKnown(msi + ControlOffset, 2))
        {
            return Lookup.Unknown;
        }

        ushort control = ReadUInt16(msi + ControlOffset);
        bool is64Bit = (control & MsiAddress64BitBit) != 0;
        enabled = (control & MsiEnableBit) != 0;
        enabledVectors = 1 << ((control & MultipleMessageEnableMask) >> MultipleMessageEnableShift);
        address = BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(msi + MsiAddressOffset));
        if (is64Bit)
        {
            address |= (ulong)BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(msi + MsiUpperAddressOffset)) << 32;
        }

        data = ReadUInt16(msi + (is64Bit ? MsiData64Offset : MsiData32Offset));
        return Lookup.Present;
    }

    /// <summary>MSI-X Enable and Function Mask as far as the link showed them.</summary>
    public Lookup GetMsix(out bool enabled, out bool functionMask)
    {
        enabled = false;
        functionMask = false;
        Lookup lookup = FindCapability(CapabilityId.Msix, out int msix);
        if (lookup != Lookup.Present)
        {
            return lookup;
        }

        if (!IsKnown(msix + ControlOffset, 2))
        {
            return Lookup.Unknown;
        }

        ushort control = ReadUInt16(msix + ControlOffset);
        enabled = (control & MsixEnableBit) != 0;
        functionMask = (control & MsixFunctionMaskBit) != 0;
        return Lookup.Present;
    }

    /// <summary>Max_Payload_Size and Max_Read_Request_Size from Device Control, when the link showed it.</summary>
    public bool TryGetTransferSizes(out MaxPayloadSize maxPayloadSize, out MaxReadRequestSize maxReadRequestSize)
    {
        maxPayloadSize = default;
        maxReadRequestSize = default;
        if (FindCapability(CapabilityId.PciExpress, out int pcie) != Lookup.Present || !IsKnown(pcie + DeviceControlOffset, 2))
        {
            return false;
        }

        ushort control = ReadUInt16(pcie + DeviceControlOffset);

        // Reserved codes (110b, 111b) are read as the largest size: the checker does not flag what it cannot judge.
        maxPayloadSize = (MaxPayloadSize)Math.Min((control >> MaxPayloadSizeShift) & SizeFieldMask, LargestSizeCode);
        maxReadRequestSize = (MaxReadRequestSize)Math.Min((control >> MaxReadRequestSizeShift) & SizeFieldMask, LargestSizeCode);
        return true;
    }

    // §6.6.2: FLR returns the function's registers to their initial values; those the checker uses are Command, the
    // MSI and MSI-X control bits and Device Control (unknown again: its power-on value is the options' default).
    private void ApplyFunctionLevelReset()
    {
        _bytes[CommandOffset] = 0;
        _bytes[CommandOffset + 1] = 0;
        if (FindCapability(CapabilityId.Msi, out int msi) == Lookup.Present)
        {
            WriteUInt16Masked(msi + ControlOffset, 0, MsiControlWritable);
        }

        if (FindCapability(CapabilityId.Msix, out int msix) == Lookup.Present)
        {
            WriteUInt16Masked(msix + ControlOffset, 0, MsixControlWritable);
        }

        if (FindCapability(CapabilityId.PciExpress, out int pcie) == Lookup.Present)
        {
            _known[pcie + DeviceControlOffset] = false;
            _known[pcie + DeviceControlOffset + 1] = false;
        }
    }

    // The bits of byte <offset> a CfgWr0 changes in the shadow; 0 for everything the checker does not track.
    private byte WritableMask(int offset, out bool isFlrByte)
    {
        isFlrByte = false;
        if (offset is CommandOffset or CommandOffset + 1)
        {
            return ByteOf(CommandWritable, offset - CommandOffset);
        }

        if (FindCapability(CapabilityId.Msi, out int msi) == Lookup.Present && IsKnown(msi + ControlOffset, 2))
        {
            bool is64Bit = (ReadUInt16(msi + ControlOffset) & MsiAddress64BitBit) != 0;
            int dataOffset = msi + (is64Bit ? MsiData64Offset : MsiData32Offset);
            int relative = offset - msi;
            if (relative is ControlOffset or ControlOffset + 1)
            {
                return ByteOf(MsiControlWritable, relative - ControlOffset);
            }

            if (relative is >= MsiAddressOffset and < MsiAddressOffset + 4)
            {
                return ByteOf(MsiAddressWritable, relative - MsiAddressOffset);
            }

            if (is64Bit && relative is >= MsiUpperAddressOffset and < MsiUpperAddressOffset + 4)
            {
                return byte.MaxValue;
            }

            if (offset == dataOffset || offset == dataOffset + 1)
            {
                return byte.MaxValue;
            }
        }

        if (FindCapability(CapabilityId.Msix, out int msix) == Lookup.Present && offset - msix is ControlOffset or ControlOffset + 1)
        {
            return ByteOf(MsixControlWritable, offset - msix - ControlOffset);
        }

        if (FindCapability(CapabilityId.PciExpress, out int pcie) == Lookup.Present && offset - pcie is DeviceControlOffset or DeviceControlOffset + 1)
        {
            isFlrByte = offset - pcie == DeviceControlOffset + 1;
            return ByteOf(DeviceControlWritable, offset - pcie - DeviceControlOffset);
        }

        return 0;
    }

    private static byte ByteOf(uint value, int index) => (byte)(value >> (8 * index));

    private bool IsKnown(int offset, int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (!_known[offset + i])
            {
                return false;
            }
        }

        return true;
    }

    private ushort ReadUInt16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(offset));

    private void WriteUInt16Masked(int offset, ushort value, ushort mask)
    {
        ushort merged = (ushort)((ReadUInt16(offset) & ~mask) | (value & mask));
        BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(offset), merged);
    }
}
