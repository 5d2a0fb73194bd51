using System.Buffers.Binary;
using Cosim.Tlp;

namespace Cosim.VfioUser.Tests;

/// <summary>BAR decoding, memory and I/O accesses, and the BAR0 command block.</summary>
internal sealed partial class TestFunction
{
    private const ushort CommandIoSpace = 0x1;
    private const ushort CommandMemorySpace = 0x2;
    private const ushort CommandInterruptDisable = 0x400;

    private bool TryDecodeMemory(ulong address, out byte[] target, out int offset, out bool writable)
    {
        target = [];
        offset = 0;
        writable = true;
        if ((Command & CommandMemorySpace) == 0)
        {
            return false;
        }

        ulong bar0 = ReadDword(_config, 0x10) & 0xFFFF_F000;
        ulong bar2 = (ReadDword(_config, 0x18) & 0xFFFF_C000) | ((ulong)ReadDword(_config, 0x1C) << 32);
        uint rom = ReadDword(_config, 0x30);
        if (bar0 != 0 && address - bar0 < Bar0Size)
        {
            (target, offset) = (_bar0, (int)(address - bar0));
            return true;
        }

        if (bar2 != 0 && address - bar2 < Bar2Size)
        {
            (target, offset) = (_bar2, (int)(address - bar2));
            return true;
        }

        ulong romBase = rom & 0xFFFF_F800;
        if ((rom & 1) != 0 && romBase != 0 && address - romBase < RomSize)
        {
            (target, offset, writable) = (_rom, (int)(address - romBase), false);
            return true;
        }

        return false;
    }

    private void HandleMemoryRead(in TlpHeader request)
    {
        int byteCount = ByteEnables.RequestedByteCount(request.Length, request.FirstDwByteEnables, request.LastDwByteEnables);
        if (!TryDecodeMemory(request.Address, out byte[] target, out int offset, out _) || offset + (request.Length * 4) > target.Length)
        {
            _upstream!.Receive(TlpHeader.UnsupportedRequestFor(request, Id), []);
            return;
        }

        byte lowerAddress = (byte)(request.Address + (ulong)ByteEnables.FirstEnabledByteOffset(request.FirstDwByteEnables));
        _upstream!.Receive(
            TlpHeader.CompletionFor(request, Id, CompletionStatus.SuccessfulCompletion, request.Length, byteCount, lowerAddress),
            target.AsSpan(offset, request.Length * 4));
    }

    private void HandleMemoryWrite(in TlpHeader request, ReadOnlySpan<byte> payload)
    {
        if (!TryDecodeMemory(request.Address, out byte[] target, out int offset, out bool writable) || !writable || offset + payload.Length > target.Length)
        {
            return; // posted: an unclaimed write is dropped
        }

        int dwords = payload.Length / 4;
        for (int i = 0; i < payload.Length; i++)
        {
            int dword = i / 4;
            byte enables = dword == 0 ? request.FirstDwByteEnables : dword == dwords - 1 ? request.LastDwByteEnables : ByteEnables.All;
            if ((enables & (1 << (i & 3))) != 0 && !(target == _bar2 && offset + i >= PbaOffset))
            {
                target[offset + i] = payload[i];
            }
        }

        if (target == _bar0 && offset <= (int)CommandBlock.Command && offset + payload.Length > (int)CommandBlock.Command)
        {
            Execute((DeviceCommand)BinaryPrimitives.ReadUInt32LittleEndian(_bar0.AsSpan((int)CommandBlock.Command)));
            BinaryPrimitives.WriteUInt32LittleEndian(_bar0.AsSpan((int)CommandBlock.Command), 0);
        }
    }

    private void HandleIo(in TlpHeader request, ReadOnlySpan<byte> payload)
    {
        uint bar1 = ReadDword(_config, 0x14) & 0xFFFF_FFE0;
        ulong offset = request.Address - bar1;
        if ((Command & CommandIoSpace) == 0 || bar1 == 0 || offset >= Bar1Size)
        {
            _upstream!.Receive(TlpHeader.UnsupportedRequestFor(request, Id), []);
            return;
        }

        if (request.Kind == TlpKind.IoRead)
        {
            Complete(request, ReadDword(_bar1, (int)offset));
            return;
        }

        for (int i = 0; i < 4; i++)
        {
            if ((request.FirstDwByteEnables & (1 << i)) != 0)
            {
                _bar1[(int)offset + i] = payload[i];
            }
        }

        _upstream!.Receive(TlpHeader.CompletionWithoutDataFor(request, Id, CompletionStatus.SuccessfulCompletion), []);
    }

    /// <summary>Offsets of the command block in BAR0.</summary>
    public enum CommandBlock
    {
        DmaAddress = 0x800,
        DmaLength = 0x808,
        Command = 0x80C,
        Vector = 0x810,
    }

    /// <summary>Values written to <see cref="CommandBlock.Command"/>.</summary>
    public enum DeviceCommand : uint
    {
        DmaToGuest = 1,
        DmaFromGuest = 2,
        RaiseMsix = 3,
        AssertIntx = 4,
        DeassertIntx = 5,
        RaiseMsi = 6,
    }
}
