namespace Cosim.VfioUser;

/// <summary>The shadow of guest-programmed state: BAR addresses and the MSI/MSI-X enables, re-read after config writes.</summary>
internal sealed partial class DeviceLayout
{
    private volatile bool _msixEnabled;
    private volatile int _msiEnabledVectors;
    private volatile int _maxPayloadSize = ConfigBits.MinimumMaxPayloadSize;

    /// <summary>MSI-X Enable as last read from the function.</summary>
    public bool MsixEnabled => _msixEnabled;

    /// <summary>Vectors enabled by MSI Multiple Message Enable while MSI Enable is set; 0 when MSI is off.</summary>
    public int MsiEnabledVectors => _msiEnabledVectors;

    /// <summary>
    /// The function's Max_Payload_Size in bytes, from Device Control (§7.5.3.4): no completion or write the endpoint
    /// sends it may carry more ("Transmitters must not transmit TLPs with a data payload larger than the
    /// Max_Payload_Size", §2.2.2). 128 bytes, the minimum every function supports, without a PCI Express capability.
    /// </summary>
    public int MaxPayloadSize => _maxPayloadSize;

    /// <summary>The base address a region index maps to: BAR address (64-bit pairs combined) or ROM address.</summary>
    public ulong AddressOf(int slot) => _bars[slot].Address;

    /// <summary>
    /// Called after a configuration write to [<paramref name="offset"/>, +<paramref name="count"/>): re-reads the BAR
    /// and ROM registers it touched and the MSI/MSI-X Message Control registers.
    /// </summary>
    public void AfterConfigWrite(int offset, int count)
    {
        int end = offset + count;
        bool touchesBars = offset < (int)ConfigRegister.BaseAddressEnd && end > (int)ConfigRegister.BaseAddress0;
        bool touchesRom = offset < (int)ConfigRegister.ExpansionRomBaseAddress + 4 && end > (int)ConfigRegister.ExpansionRomBaseAddress;
        if (!touchesBars && !touchesRom)
        {
            RestoreLostBars();
        }

        if (touchesBars)
        {
            int first = Math.Max(0, (offset - (int)ConfigRegister.BaseAddress0) / 4);
            int last = Math.Min(5, (end - 1 - (int)ConfigRegister.BaseAddress0) / 4);
            for (int slot = first; slot <= last; slot++)
            {
                RefreshBar(_bars[slot].Kind == BarKind.Memory64Upper ? slot - 1 : slot);
            }
        }

        if (touchesRom)
        {
            RefreshBar(SlotCount - 1);
        }

        if (Overlaps(offset, end, MsiCapability) || Overlaps(offset, end, MsixCapability))
        {
            RefreshInterruptEnables();
        }

        if (PciExpressCapability != 0
            && offset < PciExpressCapability + ConfigBits.DeviceControlOffset + 2
            && end > PciExpressCapability + ConfigBits.DeviceControlOffset)
        {
            RefreshMaxPayloadSize();
        }
    }

    /// <summary>Re-reads every shadowed register (after a reset).</summary>
    public void RefreshAll()
    {
        RefreshAllBars();
        RefreshInterruptEnables();
        RefreshMaxPayloadSize();
    }

    private static bool Overlaps(int offset, int end, int capability) =>
        capability != 0
        && offset < capability + ConfigBits.MessageControlOffset + 2
        && end > capability + ConfigBits.MessageControlOffset;

    private void RefreshAllBars()
    {
        for (int slot = 0; slot < SlotCount; slot++)
        {
            RefreshBar(slot);
        }
    }

    // A configuration write can reset the function without touching a BAR register: Initiate FLR in Device
    // Control, or D3hot→D0 in PMCSR without No_Soft_Reset. The function's BARs then read 0, but QEMU emulates the
    // BAR registers the guest reads, so the guest sees its addresses unchanged and never writes them again (Linux's
    // pci_restore_state skips registers that read back as saved). The endpoint holds the guest's view, so it puts
    // back every BAR that no longer matches it, as QEMU does for a host device after a vfio reset.
    private void RestoreLostBars()
    {
        for (int slot = 0; slot < SlotCount; slot++)
        {
            BarState bar = _bars[slot];
            if (!bar.IsAccessible || bar.Address == 0)
            {
                continue;
            }

            ulong programmed = bar.Address;
            RefreshBar(slot);
            if (_bars[slot].Address == programmed)
            {
                continue;
            }

            int register = slot == SlotCount - 1 ? (int)ConfigRegister.ExpansionRomBaseAddress : (int)ConfigRegister.BaseAddress0 + (4 * slot);
            uint low = ReadConfig32(register);
            uint typeBits = bar.Kind switch
            {
                BarKind.Io => low & ~ConfigBits.IoBarAddressMask,
                BarKind.ExpansionRom => low & ~ConfigBits.RomAddressMask,
                _ => low & ~ConfigBits.MemoryBarAddressMask,
            };
            WriteConfig32(register, (uint)programmed | typeBits);
            if (bar.Kind == BarKind.Memory64)
            {
                WriteConfig32(register + 4, (uint)(programmed >> 32));
            }

            RefreshBar(slot);
        }
    }

    private void RefreshBar(int slot)
    {
        ref BarState bar = ref _bars[slot];
        int register = slot == SlotCount - 1 ? (int)ConfigRegister.ExpansionRomBaseAddress : (int)ConfigRegister.BaseAddress0 + (4 * slot);
        switch (bar.Kind)
        {
            case BarKind.Memory32:
                bar.Address = ReadConfig32(register) & ConfigBits.MemoryBarAddressMask;
                break;
            case BarKind.Memory64:
                bar.Address = (ReadConfig32(register) & ConfigBits.MemoryBarAddressMask) | ((ulong)ReadConfig32(register + 4) << 32);
                break;
            case BarKind.Io:
                bar.Address = ReadConfig32(register) & ConfigBits.IoBarAddressMask;
                break;
            case BarKind.ExpansionRom:
                bar.Address = ReadConfig32(register) & ConfigBits.RomAddressMask;
                break;
            default:
                break;
        }
    }

    private void RefreshInterruptEnables()
    {
        if (MsixCapability != 0)
        {
            _msixEnabled = (ReadConfig16(MsixCapability + ConfigBits.MessageControlOffset) & ConfigBits.MsixEnable) != 0;
        }

        if (MsiCapability != 0)
        {
            ushort control = ReadConfig16(MsiCapability + ConfigBits.MessageControlOffset);
            int enabled = 1 << ((control >> ConfigBits.MsiMultipleMessageEnableShift) & ConfigBits.MsiMultipleMessageMask);
            _msiEnabledVectors = (control & ConfigBits.MsiEnable) != 0 ? Math.Min(enabled, MsiVectorCount) : 0;
        }
    }

    private void RefreshMaxPayloadSize()
    {
        if (PciExpressCapability == 0)
        {
            _maxPayloadSize = ConfigBits.MinimumMaxPayloadSize;
            return;
        }

        // Device Control bits 7:5: 000b = 128 bytes ... 101b = 4096 bytes; 110b and 111b are reserved (taken as 128).
        int encoded = (ReadConfig16(PciExpressCapability + ConfigBits.DeviceControlOffset) >> ConfigBits.MaxPayloadSizeShift) & ConfigBits.MaxPayloadSizeMask;
        _maxPayloadSize = encoded <= ConfigBits.MaxPayloadSizeLargestEncoding ? ConfigBits.MinimumMaxPayloadSize << encoded : ConfigBits.MinimumMaxPayloadSize;
    }
}
