using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser;

/// <summary>DMA_MAP and DMA_UNMAP.</summary>
internal sealed partial class VfioUserConnection
{
    private Errno HandleDmaMap(ReadOnlySpan<byte> body)
    {
        if (body.Length < DmaMap.Size)
        {
            return Reject("size", (ulong)body.Length);
        }

        DmaMap request = MemoryMarshal.Read<DmaMap>(body);
        if (request.ArgumentSize < DmaMap.Size)
        {
            return Reject("argsz", request.ArgumentSize);
        }

        if (_fdCount > 1)
        {
            return Reject("fd count", (ulong)_fdCount);
        }

        int fd = _fdCount == 1 ? _fds[0] : NoFd;
        TakeFds(); // GuestMemory.Map closes it in every case
        Errno error = _memory.Map(request.Address, request.RangeSize, request.Offset, request.Flags, fd);
        if (error != Errno.None)
        {
            return Reject("address", request.Address, error);
        }

        _logger.DmaMapped(_request.MessageId, request.Address, request.RangeSize, request.Flags, fd == NoFd ? "messages" : "shared fd");
        return Errno.None;
    }

    private Errno HandleDmaUnmap(ReadOnlySpan<byte> body, out int replyLength)
    {
        replyLength = 0;
        if (body.Length < DmaUnmap.Size)
        {
            return Reject("size", (ulong)body.Length);
        }

        DmaUnmap request = MemoryMarshal.Read<DmaUnmap>(body);
        if (request.ArgumentSize < DmaUnmap.Size)
        {
            return Reject("argsz", request.ArgumentSize);
        }

        if ((request.Flags & ~DmaUnmapFlags.All) != 0)
        {
            return Reject("flags", (ulong)request.Flags, Errno.NotSupported);
        }

        int removed;
        if ((request.Flags & DmaUnmapFlags.All) != 0)
        {
            removed = _memory.RangeCount;
            _memory.UnmapAll();
        }
        else
        {
            // With a vIOMMU QEMU unmaps ranges that were never mapped (§13.2): that is a success too.
            removed = _memory.Unmap(request.Address, request.RangeSize);
        }

        _logger.DmaUnmapped(_request.MessageId, request.Address, request.RangeSize, removed);
        body[..DmaUnmap.Size].CopyTo(ReplyPayload);
        replyLength = DmaUnmap.Size;
        return Errno.None;
    }
}
