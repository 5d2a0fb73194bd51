using System.Buffers.Binary;

namespace Cosim.VfioUser;

/// <summary>
/// Reading the Expansion ROM (region 6): QEMU reads the ROM image whether or not the guest enabled the ROM BAR, as
/// the vfio kernel driver does. The endpoint therefore enables ROM decoding (and Memory Space) for the duration of
/// the read and restores both registers afterwards.
/// </summary>
internal sealed partial class VfioUserConnection
{
    /// <summary>Where the ROM is placed while it is read if the guest has not placed it: below 4 GiB, where no BAR lives.</summary>
    private const uint TemporaryRomAddress = 0xFFF0_0000;

    private RomWindow OpenRomWindow()
    {
        Span<byte> value = stackalloc byte[4];
        _ = _requester.ConfigRead((int)ConfigRegister.Command, value[..2]);
        ushort command = BinaryPrimitives.ReadUInt16LittleEndian(value);
        _ = _requester.ConfigRead((int)ConfigRegister.ExpansionRomBaseAddress, value);
        uint rom = BinaryPrimitives.ReadUInt32LittleEndian(value);
        bool romChanged = (rom & ConfigBits.RomEnable) == 0 || (rom & ConfigBits.RomAddressMask) == 0;
        bool commandChanged = (command & ConfigBits.CommandMemorySpace) == 0;
        if (romChanged)
        {
            uint address = rom & ConfigBits.RomAddressMask;
            if (address == 0)
            {
                address = TemporaryRomAddress & ~(uint)(_layout.Bars[DeviceLayout.SlotCount - 1].Size - 1);
            }

            WriteConfig32((int)ConfigRegister.ExpansionRomBaseAddress, address | ConfigBits.RomEnable);
        }

        if (commandChanged)
        {
            WriteConfig16((int)ConfigRegister.Command, (ushort)(command | ConfigBits.CommandMemorySpace));
        }

        return new RomWindow(this, command, rom, commandChanged, romChanged);
    }

    private void CloseRomWindow(in RomWindow window)
    {
        if (window.RomChanged)
        {
            WriteConfig32((int)ConfigRegister.ExpansionRomBaseAddress, window.OriginalRom);
        }

        if (window.CommandChanged)
        {
            WriteConfig16((int)ConfigRegister.Command, window.OriginalCommand);
        }
    }

    private void WriteConfig32(int offset, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        _ = _requester.ConfigWrite(offset, data);
        _layout.AfterConfigWrite(offset, data.Length);
    }

    private void WriteConfig16(int offset, ushort value)
    {
        Span<byte> data = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(data, value);
        _ = _requester.ConfigWrite(offset, data);
        _layout.AfterConfigWrite(offset, data.Length);
    }

    /// <summary>Restores the ROM BAR and Command register when disposed; the default value does nothing.</summary>
    private readonly struct RomWindow(VfioUserConnection? owner, ushort originalCommand, uint originalRom, bool commandChanged, bool romChanged) : IDisposable
    {
        public ushort OriginalCommand { get; } = originalCommand;

        public uint OriginalRom { get; } = originalRom;

        public bool CommandChanged { get; } = commandChanged;

        public bool RomChanged { get; } = romChanged;

        public void Dispose() => owner?.CloseRomWindow(this);
    }
}
