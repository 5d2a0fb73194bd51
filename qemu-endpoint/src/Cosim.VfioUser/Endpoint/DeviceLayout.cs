using System.Buffers.Binary;
using System.Numerics;
using Cosim.Tlp;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser;

/// <summary>
/// What the endpoint knows about the function, learnt only through configuration requests, the way firmware does:
/// BAR and ROM sizes (write all-ones, read back, restore), the Interrupt Pin, and the MSI and MSI-X capabilities
/// (found by walking the capability list). Also shadows what the guest programs: BAR addresses, MSI/MSI-X enables.
/// </summary>
internal sealed partial class DeviceLayout
{
    /// <summary>Slots 0-5 are BAR0-5, slot 6 is the Expansion ROM (the vfio region indices).</summary>
    public const int SlotCount = 7;

    private const uint AllOnes = 0xFFFF_FFFF;
    private const uint IoBarUpperHalf = 0xFFFF_0000;
    private readonly FunctionRequester _requester;
    private readonly ILogger _logger;
    private readonly BarState[] _bars = new BarState[SlotCount];

    public DeviceLayout(FunctionRequester requester, ILogger logger)
    {
        _requester = requester;
        _logger = logger;
    }

    /// <summary>BAR0-5 and the ROM (slot 6).</summary>
    public ReadOnlySpan<BarState> Bars => _bars;

    public InterruptPin InterruptPin { get; private set; }

    /// <summary>Offset of the MSI capability, 0 when absent.</summary>
    public int MsiCapability { get; private set; }

    /// <summary>Vectors the MSI capability can request (Multiple Message Capable), 0 without MSI.</summary>
    public int MsiVectorCount { get; private set; }

    /// <summary>Offset of the MSI-X capability, 0 when absent.</summary>
    public int MsixCapability { get; private set; }

    /// <summary>MSI-X Table Size, 0 without MSI-X.</summary>
    public int MsixTableSize { get; private set; }

    /// <summary>BAR indicator of the MSI-X table.</summary>
    public int MsixTableBar { get; private set; }

    /// <summary>Offset of the MSI-X table within its BAR.</summary>
    public uint MsixTableOffset { get; private set; }

    /// <summary>Offset of the PCI Express capability, 0 when absent.</summary>
    public int PciExpressCapability { get; private set; }

    /// <summary>Sizes every BAR and the ROM and walks the capabilities. Called at connection start, after a reset.</summary>
    public void Probe()
    {
        ushort command = ReadConfig16((int)ConfigRegister.Command);
        ushort decodeOff = (ushort)(command & ~(ConfigBits.CommandIoSpace | ConfigBits.CommandMemorySpace));
        if (decodeOff != command)
        {
            // Firmware turns decoding off while it sizes BARs, so that the all-ones pattern decodes nothing.
            WriteConfig16((int)ConfigRegister.Command, decodeOff);
        }

        Array.Clear(_bars);
        for (int slot = 0; slot < 6; slot++)
        {
            slot = SizeBar(slot);
        }

        SizeRom();
        if (decodeOff != command)
        {
            WriteConfig16((int)ConfigRegister.Command, command);
        }

        InterruptPin = (InterruptPin)ReadConfig8((int)ConfigRegister.InterruptPin);
        if (InterruptPin > InterruptPin.IntD)
        {
            _logger.InvalidInterruptPin((byte)InterruptPin);
            InterruptPin = InterruptPin.None;
        }

        FindCapabilities();
        RefreshAllBars();
        RefreshInterruptEnables();
        RefreshMaxPayloadSize();
        _logger.DeviceProbed(_bars[0].Size, _bars[1].Size, _bars[2].Size, _bars[3].Size, _bars[4].Size, _bars[5].Size, _bars[6].Size, (byte)InterruptPin, MsiVectorCount, MsixTableSize);
    }

    /// <summary>The vector count reported for an IRQ index in DEVICE_GET_IRQ_INFO and checked in SET_IRQS.</summary>
    public int IrqCount(IrqIndex index) => index switch
    {
        IrqIndex.Intx => InterruptPin == InterruptPin.None ? 0 : 1,
        IrqIndex.Msi => MsiVectorCount,
        IrqIndex.Msix => MsixTableSize,
        _ => 0,
    };

    private int SizeBar(int slot)
    {
        int register = (int)ConfigRegister.BaseAddress0 + (4 * slot);
        uint original = ReadConfig32(register);
        if ((original & ConfigBits.BarIoSpace) != 0)
        {
            uint mask = Probe32(register, original) & ConfigBits.IoBarAddressMask;
            if ((mask & IoBarUpperHalf) == 0 && mask != 0)
            {
                mask |= IoBarUpperHalf; // a 16-bit I/O decoder leaves the upper half zero
            }

            SetSize(slot, BarKind.Io, mask == 0 ? 0 : (ulong)(~mask + 1), prefetchable: false);
            return slot;
        }

        bool prefetchable = (original & ConfigBits.BarPrefetchable) != 0;
        if ((original & ConfigBits.BarTypeMask) == ConfigBits.BarType64 && slot < 5)
        {
            uint originalHigh = ReadConfig32(register + 4);
            WriteConfig32(register, AllOnes);
            WriteConfig32(register + 4, AllOnes);
            uint low = ReadConfig32(register) & ConfigBits.MemoryBarAddressMask;
            uint high = ReadConfig32(register + 4);
            WriteConfig32(register, original);
            WriteConfig32(register + 4, originalHigh);
            ulong mask64 = ((ulong)high << 32) | low;
            SetSize(slot, BarKind.Memory64, mask64 == 0 ? 0 : ~mask64 + 1, prefetchable);
            _bars[slot + 1].Kind = BarKind.Memory64Upper;
            return slot + 1;
        }

        uint mask32 = Probe32(register, original) & ConfigBits.MemoryBarAddressMask;
        SetSize(slot, BarKind.Memory32, mask32 == 0 ? 0 : (ulong)(~mask32 + 1), prefetchable);
        return slot;
    }

    private void SizeRom()
    {
        int register = (int)ConfigRegister.ExpansionRomBaseAddress;
        uint original = ReadConfig32(register);
        WriteConfig32(register, ConfigBits.RomAddressMask);
        uint mask = ReadConfig32(register) & ConfigBits.RomAddressMask;
        WriteConfig32(register, original);
        SetSize(DeviceLayout.SlotCount - 1, BarKind.ExpansionRom, mask == 0 ? 0 : (ulong)(~mask + 1), prefetchable: false);
    }

    private void SetSize(int slot, BarKind kind, ulong size, bool prefetchable)
    {
        if (size != 0 && !BitOperations.IsPow2(size))
        {
            // QEMU asserts that every region size is a power of 2: hide a BAR whose mask is not contiguous.
            _logger.BarSizeNotPowerOfTwo(slot, size);
            size = 0;
        }

        _bars[slot] = new BarState { Kind = size == 0 ? BarKind.None : kind, Size = size, Prefetchable = prefetchable };
    }

    private uint Probe32(int register, uint original)
    {
        WriteConfig32(register, AllOnes);
        uint readBack = ReadConfig32(register);
        WriteConfig32(register, original);
        return readBack;
    }

    private void FindCapabilities()
    {
        MsiCapability = MsixCapability = MsiVectorCount = MsixTableSize = PciExpressCapability = 0;
        if ((ReadConfig16((int)ConfigRegister.Status) & ConfigBits.StatusCapabilitiesList) == 0)
        {
            return;
        }

        int pointer = ReadConfig8((int)ConfigRegister.CapabilitiesPointer) & ConfigBits.CapabilityPointerMask;
        for (int visited = 0; pointer >= ConfigBits.HeaderSize && visited < ConfigBits.MaxCapabilities; visited++)
        {
            var id = (CapabilityId)ReadConfig8(pointer);
            if (id == CapabilityId.Msi && MsiCapability == 0)
            {
                MsiCapability = pointer;
                ushort control = ReadConfig16(pointer + ConfigBits.MessageControlOffset);
                MsiVectorCount = 1 << ((control >> ConfigBits.MsiMultipleMessageCapableShift) & ConfigBits.MsiMultipleMessageMask);
            }
            else if (id == CapabilityId.PciExpress && PciExpressCapability == 0)
            {
                PciExpressCapability = pointer;
            }
            else if (id == CapabilityId.MsiX && MsixCapability == 0)
            {
                MsixCapability = pointer;
                ushort control = ReadConfig16(pointer + ConfigBits.MessageControlOffset);
                MsixTableSize = (control & ConfigBits.MsixTableSizeMask) + 1;
                uint table = ReadConfig32(pointer + ConfigBits.MsixTableOffsetOffset);
                MsixTableBar = (int)(table & ConfigBits.MsixBirMask);
                MsixTableOffset = table & ~ConfigBits.MsixBirMask;
            }

            pointer = ReadConfig8(pointer + ConfigBits.CapabilityNextOffset) & ConfigBits.CapabilityPointerMask;
        }
    }

    private byte ReadConfig8(int offset)
    {
        Span<byte> value = stackalloc byte[1];
        ReadConfig(offset, value);
        return value[0];
    }

    private ushort ReadConfig16(int offset)
    {
        Span<byte> value = stackalloc byte[2];
        ReadConfig(offset, value);
        return BinaryPrimitives.ReadUInt16LittleEndian(value);
    }

    private uint ReadConfig32(int offset)
    {
        Span<byte> value = stackalloc byte[4];
        ReadConfig(offset, value);
        return BinaryPrimitives.ReadUInt32LittleEndian(value);
    }

    private void ReadConfig(int offset, Span<byte> value)
    {
        RequestOutcome outcome = _requester.ConfigRead(offset, value);
        if (outcome != RequestOutcome.Success)
        {
            // A function that does not answer its own configuration space has nothing there: read it as 0, so that
            // the probe finds no BARs or capabilities rather than all-ones garbage.
            _logger.ProbeReadFailed(offset, outcome);
            value.Clear();
        }
    }

    private void WriteConfig16(int offset, ushort value)
    {
        Span<byte> data = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(data, value);
        WriteConfig(offset, data);
    }

    private void WriteConfig32(int offset, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        WriteConfig(offset, data);
    }

    private void WriteConfig(int offset, ReadOnlySpan<byte> data)
    {
        RequestOutcome outcome = _requester.ConfigWrite(offset, data);
        if (outcome != RequestOutcome.Success)
        {
            _logger.ProbeWriteFailed(offset, outcome);
        }
    }
}
