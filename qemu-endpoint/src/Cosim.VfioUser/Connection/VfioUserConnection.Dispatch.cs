using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser;

/// <summary>Command dispatch, VERSION, DEVICE_GET_INFO, DEVICE_GET_REGION_INFO, DEVICE_GET_IRQ_INFO, DEVICE_RESET.</summary>
internal sealed partial class VfioUserConnection
{
    private void Dispatch(in VfioUserHeader header, ReadOnlySpan<byte> body)
    {
        Errno error;
        int replyLength = 0;
        if (!_negotiated && header.Command != VfioUserCommand.Version)
        {
            error = Reject("command", (ulong)header.Command);
        }
        else
        {
            switch (header.Command)
            {
                case VfioUserCommand.Version:
                    error = HandleVersion(header, body, out replyLength);
                    break;
                case VfioUserCommand.DmaMap:
                    error = HandleDmaMap(body);
                    break;
                case VfioUserCommand.DmaUnmap:
                    error = HandleDmaUnmap(body, out replyLength);
                    break;
                case VfioUserCommand.DeviceGetInfo:
                    error = HandleGetInfo(body, out replyLength);
                    break;
                case VfioUserCommand.DeviceGetRegionInfo:
                    error = HandleGetRegionInfo(body, out replyLength);
                    break;
                case VfioUserCommand.DeviceGetIrqInfo:
                    error = HandleGetIrqInfo(body, out replyLength);
                    break;
                case VfioUserCommand.DeviceSetIrqs:
                    error = HandleSetIrqs(body);
                    break;
                case VfioUserCommand.RegionRead:
                    error = HandleRegionRead(body, out replyLength);
                    break;
                case VfioUserCommand.RegionWrite:
                    error = HandleRegionWrite(body, out replyLength);
                    break;
                case VfioUserCommand.DeviceReset:
                    error = HandleReset();
                    break;
                case VfioUserCommand.DeviceFeature:
                    // No device features (migration, dirty tracking): ENOTTY, as the kernel's vfio answers.
                    _logger.UnsupportedCommand(header.MessageId, header.Command);
                    error = Errno.NotTypewriter;
                    break;
                default:
                    _logger.UnsupportedCommand(header.MessageId, header.Command);
                    error = Errno.NotSupported;
                    break;
            }
        }

        if (!header.NoReply)
        {
            SendReply(header, error, replyLength);
        }
    }

    private Errno HandleVersion(in VfioUserHeader header, ReadOnlySpan<byte> body, out int replyLength)
    {
        replyLength = 0;
        if (body.Length < VersionPayload.Size)
        {
            return Reject("size", header.MessageSize);
        }

        VersionPayload version = MemoryMarshal.Read<VersionPayload>(body);
        if (version.Major != ProtocolMajor)
        {
            return Reject("major", version.Major);
        }

        // QEMU receives the reply into a buffer the size of its request: the reply must not be larger (§9.1).
        ReadOnlySpan<byte> json = _versionJson;
        int room = (int)header.MessageSize - VfioUserHeader.Size - VersionPayload.Size;
        if (json.Length > room)
        {
            json = room >= EmptyJson.Length ? EmptyJson : [];
        }

        VersionPayload reply = new() { Major = ProtocolMajor, Minor = ProtocolMinor };
        MemoryMarshal.Write(ReplyPayload, in reply);
        json.CopyTo(ReplyPayload[VersionPayload.Size..]);
        replyLength = VersionPayload.Size + json.Length;
        _negotiated = true;
        return Errno.None;
    }

    private static ReadOnlySpan<byte> EmptyJson => "{}\0"u8;

    private Errno HandleGetInfo(ReadOnlySpan<byte> body, out int replyLength)
    {
        replyLength = 0;
        if (body.Length < DeviceInfo.Size)
        {
            return Reject("size", (ulong)body.Length);
        }

        DeviceInfo request = MemoryMarshal.Read<DeviceInfo>(body);
        if (request.ArgumentSize < DeviceInfo.Size)
        {
            return Reject("argsz", request.ArgumentSize);
        }

        DeviceInfo reply = new()
        {
            ArgumentSize = DeviceInfo.Size,
            Flags = DeviceInfoFlags.Reset | DeviceInfoFlags.Pci,
            RegionCount = (uint)RegionIndex.Count,
            IrqCount = (uint)IrqIndex.Count,
        };
        MemoryMarshal.Write(ReplyPayload, in reply);
        replyLength = DeviceInfo.Size;
        return Errno.None;
    }

    private Errno HandleGetRegionInfo(ReadOnlySpan<byte> body, out int replyLength)
    {
        replyLength = 0;
        if (body.Length < RegionInfo.Size)
        {
            return Reject("size", (ulong)body.Length);
        }

        RegionInfo request = MemoryMarshal.Read<RegionInfo>(body);
        if (request.ArgumentSize < RegionInfo.Size)
        {
            return Reject("argsz", request.ArgumentSize);
        }

        if (request.Index >= (uint)RegionIndex.Count)
        {
            return Reject("index", request.Index);
        }

        ulong size = RegionSize(request.Index);
        RegionInfoFlags flags = size == 0 ? 0
            : request.Index == (uint)RegionIndex.ExpansionRom ? RegionInfoFlags.Read
            : RegionInfoFlags.Read | RegionInfoFlags.Write;

        // No capabilities and no mmap: the reply is the bare 32-byte struct, which fits any argsz QEMU accepts.
        RegionInfo reply = new()
        {
            ArgumentSize = RegionInfo.Size,
            Flags = flags,
            Index = request.Index,
            RegionSize = size,
        };
        MemoryMarshal.Write(ReplyPayload, in reply);
        replyLength = RegionInfo.Size;
        return Errno.None;
    }

    private Errno HandleGetIrqInfo(ReadOnlySpan<byte> body, out int replyLength)
    {
        replyLength = 0;
        if (body.Length < IrqInfo.Size)
        {
            return Reject("size", (ulong)body.Length);
        }

        IrqInfo request = MemoryMarshal.Read<IrqInfo>(body);
        if (request.ArgumentSize < IrqInfo.Size)
        {
            return Reject("argsz", request.ArgumentSize);
        }

        if (request.Index >= IrqIndex.Count)
        {
            return Reject("index", (ulong)request.Index);
        }

        IrqInfo reply = new()
        {
            ArgumentSize = IrqInfo.Size,
            Flags = request.Index == IrqIndex.Intx
                ? IrqInfoFlags.EventFd | IrqInfoFlags.Maskable | IrqInfoFlags.AutoMasked
                : IrqInfoFlags.EventFd,
            Index = request.Index,
            Count = (uint)_layout.IrqCount(request.Index),
        };
        MemoryMarshal.Write(ReplyPayload, in reply);
        replyLength = IrqInfo.Size;
        return Errno.None;
    }

    private Errno HandleReset()
    {
        _logger.DeviceReset(_request.MessageId);
        _function.Reset();
        _interrupts.ResetLine();
        _layout.RefreshAll();
        return Errno.None;
    }

    /// <summary>Size of a region index: BARs and ROM as sized, config 4 KiB, VGA none; the upper slot of a 64-bit BAR is 0.</summary>
    private ulong RegionSize(uint index) => index switch
    {
        <= (uint)RegionIndex.ExpansionRom => _layout.Bars[(int)index].IsAccessible ? _layout.Bars[(int)index].Size : 0,
        (uint)RegionIndex.Config => (ulong)ConfigRegister.ConfigSpaceSize,
        _ => 0,
    };
}
