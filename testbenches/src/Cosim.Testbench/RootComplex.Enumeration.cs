using Cosim.Testbench.Enumeration;
using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Cosim.Tlp.Transactions;

namespace Cosim.Testbench;

/// <summary>Enumeration: identification, BAR sizing and assignment, capability walk, Device Control and Command.</summary>
/// <remarks>
/// BAR sizing (PCI Local Bus 3.0 §6.2.5.1): with decoding off, write all 1s, read back; the read-only low bits give the
/// type and the size (the lowest writable address bit). 64-bit BARs size both halves; each range is assigned naturally
/// aligned from the window of its kind. The Expansion ROM is sized and assigned too, and left disabled.
/// </remarks>
public sealed partial class RootComplex
{
    private const int VendorIdRegister = 0x00;
    private const int CommandRegister = 0x04;
    private const int StatusRegister = 0x06;
    private const int ClassRevisionRegister = 0x08;
    private const int HeaderTypeRegister = 0x0E;
    private const int FirstBarRegister = 0x10;
    private const int SubsystemRegister = 0x2C;
    private const int ExpansionRomRegister = 0x30;
    private const int CapabilitiesPointerRegister = 0x34;
    private const int InterruptPinRegister = 0x3D;
    private const int BarCount = 6;
    private const int BarBytes = 4;
    private const int UpperHalfShift = 32;
    private const int NextPointerShift = 8;
    private const uint ExtendedVersionMask = 0xF;
    private const ushort NoFunctionVendorId = 0xFFFF;
    private const byte HeaderLayoutMask = 0x7F;
    private const ushort CapabilitiesListBit = 1 << 4;
    private const byte CapabilityPointerMask = 0xFC;
    private const int MaxCapabilities = 48;
    private const int ExtendedCapabilitiesStart = 0x100;
    private const int ExtendedNextShift = 20;
    private const int ExtendedNextMask = 0xFFC;
    private const int ExtendedVersionShift = 16;
    private const uint AllOnes = 0xFFFF_FFFF;
    private const uint IoSpaceBit = 0b1;
    private const uint IoTypeBits = 0b11;
    private const uint MemoryTypeBits = 0b1111;
    private const uint MemoryType64Bit = 0b10;
    private const uint PrefetchableBit = 1 << 3;
    private const uint Io16BitDecodeUpper = 0xFFFF_0000;
    private const uint ExpansionRomAddressMask = 0xFFFF_F800;
    private const int DeviceCapabilities = 0x04;
    private const int DeviceControl = 0x08;
    private const uint MaxPayloadSizeSupportedMask = 0b111;
    private const int MaxPayloadSizeShift = 5;
    private const int MaxReadRequestSizeShift = 12;
    private const ushort DeviceControlSizeFields = (0b111 << MaxPayloadSizeShift) | (0b111 << MaxReadRequestSizeShift) | (1 << 15);

    /// <summary>
    /// Enumerates the function: reads its IDs, walks its capabilities (and extended capabilities of a PCI Express
    /// function), sizes and assigns every BAR and the Expansion ROM, programs Max_Payload_Size (the smaller of the
    /// root's and the function's) and Max_Read_Request_Size, and sets Memory Space, I/O Space and (by default) Bus
    /// Master Enable.
    /// </summary>
    public async Task<EnumeratedFunction> EnumerateAsync(CancellationToken cancellationToken = default)
    {
        uint identifiers;
        try
        {
            identifiers = await ConfigReadUInt32Async(VendorIdRegister).ConfigureAwait(false);
        }
        catch (UnsuccessfulCompletionException exception)
        {
            throw new InvalidOperationException($"No function answers configuration reads at {Options.FunctionId}: {exception.Message}", exception);
        }

        if ((ushort)identifiers == NoFunctionVendorId)
        {
            throw new InvalidOperationException($"The function at {Options.FunctionId} reads Vendor ID FFFFh: nothing is there.");
        }

        byte headerType = await ConfigReadUInt8Async(HeaderTypeRegister).ConfigureAwait(false);
        if ((headerType & HeaderLayoutMask) != 0)
        {
            throw new NotSupportedException($"Header Type 0x{headerType:x2}: the testbench enumerates type 0 (endpoint) functions only.");
        }

        uint classAndRevision = await ConfigReadUInt32Async(ClassRevisionRegister).ConfigureAwait(false);
        uint subsystem = await ConfigReadUInt32Async(SubsystemRegister).ConfigureAwait(false);
        var interruptPin = (InterruptPin)await ConfigReadUInt8Async(InterruptPinRegister).ConfigureAwait(false);

        // Decoding off while the BARs hold sizing patterns.
        ushort command = await ConfigReadUInt16Async(CommandRegister).ConfigureAwait(false);
        var decoders = CommandFlags.IoSpaceEnable | CommandFlags.MemorySpaceEnable | CommandFlags.BusMasterEnable;
        await ConfigWriteUInt16Async(CommandRegister, (ushort)(command & ~(ushort)decoders)).ConfigureAwait(false);

        Bar?[] bars = await SizeAndAssignBarsAsync().ConfigureAwait(false);
        (ulong? romAddress, ulong romSize) = await SizeAndAssignExpansionRomAsync().ConfigureAwait(false);
        List<CapabilityInfo> capabilities = await WalkCapabilitiesAsync().ConfigureAwait(false);
        bool isPciExpress = capabilities.Exists(c => c.Id == (byte)CapabilityId.PciExpress);
        List<ExtendedCapabilityInfo> extended = isPciExpress ? await WalkExtendedCapabilitiesAsync().ConfigureAwait(false) : [];

        MaxPayloadSize maxPayload = MaxPayloadSize.Bytes128;
        MaxReadRequestSize maxReadRequest = MaxReadRequestSize.Bytes512;
        if (isPciExpress)
        {
            int pcie = capabilities.Find(c => c.Id == (byte)CapabilityId.PciExpress).Offset;
            (maxPayload, maxReadRequest) = await ProgramDeviceControlAsync(pcie).ConfigureAwait(false);
        }

        var enable = CommandFlags.None;
        foreach (Bar? bar in bars)
        {
            enable |= bar is null ? CommandFlags.None : bar.IsIo ? CommandFlags.IoSpaceEnable : CommandFlags.MemorySpaceEnable;
        }

        if (Options.EnableBusMaster)
        {
            enable |= CommandFlags.BusMasterEnable;
        }

        var function = new EnumeratedFunction(Options.FunctionId, identifiers, classAndRevision, headerType, subsystem, interruptPin, bars, capabilities, extended)
        {
            ExpansionRomAddress = romAddress,
            ExpansionRomSize = romSize,
            MaxPayloadSize = maxPayload,
            MaxReadRequestSize = maxReadRequest,
        };
        lock (_lock)
        {
            _enumerated = function;
        }

        await ConfigWriteUInt16Async(CommandRegister, (ushort)((command & ~(ushort)decoders) | (ushort)enable)).ConfigureAwait(false);
        return function;
    }

    private async Task<Bar?[]> SizeAndAssignBarsAsync()
    {
        var bars = new Bar?[BarCount];
        int index = 0;
        while (index < BarCount)
        {
            int register = FirstBarRegister + (BarBytes * index);
            await ConfigWriteUInt32Async(register, AllOnes).ConfigureAwait(false);
            uint sized = await ConfigReadUInt32Async(register).ConfigureAwait(false);
            if (sized == 0)
            {
                index++;
                continue;
            }

            if ((sized & IoSpaceBit) != 0)
            {
                // A function that decodes only 16 I/O address bits returns 0 in the upper half (§6.2.5.1).
                uint mask = sized & ~IoTypeBits;
                mask |= (mask & Io16BitDecodeUpper) == 0 ? Io16BitDecodeUpper : 0;
                ulong size = (ulong)(~mask) + 1;
                ulong address = _io.Allocate(size, size);
                await ConfigWriteUInt32Async(register, (uint)address).ConfigureAwait(false);
                bars[index] = new Bar(this, index, BarKind.Io, address, size, prefetchable: false);
                index++;
                continue;
            }

            bool prefetchable = (sized & PrefetchableBit) != 0;
            bool is64Bit = ((sized >> 1) & 0b11) == MemoryType64Bit;
            if (!is64Bit)
            {
                ulong size = (ulong)(~(sized & ~MemoryTypeBits)) + 1;
                ulong address = _memory32.Allocate(size, size);
                await ConfigWriteUInt32Async(register, (uint)address).ConfigureAwait(false);
                bars[index] = new Bar(this, index, BarKind.Memory32, address, size, prefetchable);
                index++;
                continue;
            }

            if (index == BarCount - 1)
            {
                throw new InvalidOperationException($"BAR{index} is a 64-bit BAR in the last slot: it has no upper half.");
            }

            await ConfigWriteUInt32Async(register + BarBytes, AllOnes).ConfigureAwait(false);
            uint upper = await ConfigReadUInt32Async(register + BarBytes).ConfigureAwait(false);
            ulong mask64 = ((ulong)upper << UpperHalfShift) | (sized & ~MemoryTypeBits);
            ulong size64 = ~mask64 + 1;
            ulong address64 = (Options.Place64BitBarsAbove4GiB ? _memory64 : _memory32).Allocate(size64, size64);
            await ConfigWriteUInt32Async(register, (uint)address64).ConfigureAwait(false);
            await ConfigWriteUInt32Async(register + BarBytes, (uint)(address64 >> UpperHalfShift)).ConfigureAwait(false);
            var bar = new Bar(this, index, BarKind.Memory64, address64, size64, prefetchable);
            bars[index] = bar;
            bars[index + 1] = bar;
            index += 2;
        }

        return bars;
    }

    private async Task<(ulong? Address, ulong Size)> SizeAndAssignExpansionRomAsync()
    {
        await ConfigWriteUInt32Async(ExpansionRomRegister, ExpansionRomAddressMask).ConfigureAwait(false);
        uint sized = await ConfigReadUInt32Async(ExpansionRomRegister).ConfigureAwait(false) & ExpansionRomAddressMask;
        if (sized == 0)
        {
            return (null, 0);
        }

        ulong size = (ulong)(~sized) + 1;
        ulong address = _memory32.Allocate(size, size);
        await ConfigWriteUInt32Async(ExpansionRomRegister, (uint)address).ConfigureAwait(false);
        return (address, size);
    }

    private async Task<List<CapabilityInfo>> WalkCapabilitiesAsync()
    {
        var capabilities = new List<CapabilityInfo>();
        ushort status = await ConfigReadUInt16Async(StatusRegister).ConfigureAwait(false);
        if ((status & CapabilitiesListBit) == 0)
        {
            return capabilities;
        }

        int pointer = await ConfigReadUInt8Async(CapabilitiesPointerRegister).ConfigureAwait(false) & CapabilityPointerMask;
        while (pointer != 0)
        {
            if (capabilities.Count == MaxCapabilities || capabilities.Exists(c => c.Offset == pointer))
            {
                throw new InvalidOperationException($"The capability list loops or runs on past {MaxCapabilities} entries (at 0x{pointer:x2}).");
            }

            uint header = await ConfigReadUInt32Async(pointer).ConfigureAwait(false);
            capabilities.Add(new CapabilityInfo((byte)header, pointer));
            pointer = (int)(header >> NextPointerShift) & CapabilityPointerMask;
        }

        return capabilities;
    }

    private async Task<List<ExtendedCapabilityInfo>> WalkExtendedCapabilitiesAsync()
    {
        var capabilities = new List<ExtendedCapabilityInfo>();
        int offset = ExtendedCapabilitiesStart;
        while (offset != 0)
        {
            uint header = await ConfigReadUInt32Async(offset).ConfigureAwait(false);
            if (header is 0 or AllOnes)
            {
                break;
            }

            if (capabilities.Count == MaxCapabilities || capabilities.Exists(c => c.Offset == offset))
            {
                throw new InvalidOperationException($"The extended capability list loops or runs on past {MaxCapabilities} entries (at 0x{offset:x3}).");
            }

            capabilities.Add(new ExtendedCapabilityInfo((ushort)header, (byte)((header >> ExtendedVersionShift) & ExtendedVersionMask), offset));
            offset = (int)(header >> ExtendedNextShift) & ExtendedNextMask;
        }

        return capabilities;
    }

    // §7.5.3.4: Max_Payload_Size must not exceed what the function supports (Device Capabilities bits 2:0) nor the root's.
    private async Task<(MaxPayloadSize, MaxReadRequestSize)> ProgramDeviceControlAsync(int pcie)
    {
        uint deviceCapabilities = await ConfigReadUInt32Async(pcie + DeviceCapabilities).ConfigureAwait(false);
        ushort deviceControl = await ConfigReadUInt16Async(pcie + DeviceControl).ConfigureAwait(false);
        var supported = (MaxPayloadSize)Math.Min(deviceCapabilities & MaxPayloadSizeSupportedMask, (uint)MaxPayloadSize.Bytes4096);
        MaxPayloadSize maxPayload = (MaxPayloadSize)Math.Min((int)supported, (int)Options.MaxPayloadSize);
        MaxReadRequestSize maxReadRequest = Options.FunctionMaxReadRequestSize;
        int programmed = (deviceControl & ~DeviceControlSizeFields)
            | ((int)maxPayload << MaxPayloadSizeShift)
            | ((int)maxReadRequest << MaxReadRequestSizeShift);
        await ConfigWriteUInt16Async(pcie + DeviceControl, (ushort)programmed).ConfigureAwait(false);
        return (maxPayload, maxReadRequest);
    }
}
