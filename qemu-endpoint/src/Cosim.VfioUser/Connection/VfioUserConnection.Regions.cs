using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser;

/// <summary>
/// REGION_READ and REGION_WRITE: config accesses become CfgRd0/CfgWr0 (one per DW touched, with its First DW BE),
/// memory BARs and the ROM become MemRd/MemWr at the BAR's programmed address, I/O BARs IORd/IOWr. Posted writes
/// (NO_REPLY) are never answered; because each message is handled to the end before the next is read, a posted
/// write reaches the function before any later read.
/// </summary>
internal sealed partial class VfioUserConnection
{
    private const byte AllOnes = 0xFF;

    private Errno HandleRegionRead(ReadOnlySpan<byte> body, out int replyLength)
    {
        replyLength = 0;
        if (body.Length != RegionAccess.Size)
        {
            return Reject("size", (ulong)body.Length);
        }

        RegionAccess access = MemoryMarshal.Read<RegionAccess>(body);
        Errno error = CheckAccess(access);
        if (error != Errno.None)
        {
            return error;
        }

        Span<byte> data = ReplyPayload.Slice(RegionAccess.Size, (int)access.Count);
        RequestOutcome outcome = AccessRegion(access, data, write: false);
        if (outcome == RequestOutcome.TimedOut)
        {
            return Errno.InputOutput;
        }

        MemoryMarshal.Write(ReplyPayload, in access);
        replyLength = RegionAccess.Size + (int)access.Count;
        return Errno.None;
    }

    private Errno HandleRegionWrite(ReadOnlySpan<byte> body, out int replyLength)
    {
        replyLength = 0;
        if (body.Length < RegionAccess.Size)
        {
            return Reject("size", (ulong)body.Length);
        }

        RegionAccess access = MemoryMarshal.Read<RegionAccess>(body);
        if (body.Length != RegionAccess.Size + (long)access.Count)
        {
            return Reject("count", access.Count);
        }

        Errno error = CheckAccess(access);
        if (error != Errno.None)
        {
            return error;
        }

        if (access.Region == (uint)RegionIndex.ExpansionRom)
        {
            return Reject("region", access.Region);
        }

        // The request buffer stays valid until the next receive: the write is issued straight from it.
        Span<byte> data = _receive.AsSpan(VfioUserHeader.Size + RegionAccess.Size, (int)access.Count);
        RequestOutcome outcome = AccessRegion(access, data, write: true);
        if (outcome == RequestOutcome.TimedOut)
        {
            return Errno.InputOutput;
        }

        if (access.Region == (uint)RegionIndex.Config)
        {
            _layout.AfterConfigWrite((int)access.Offset, (int)access.Count);
        }

        MemoryMarshal.Write(ReplyPayload, in access);
        replyLength = RegionAccess.Size;
        return Errno.None;
    }

    private Errno CheckAccess(in RegionAccess access)
    {
        if (access.Region >= (uint)RegionIndex.Count)
        {
            return Reject("region", access.Region);
        }

        if (access.Count == 0 || access.Count > (uint)_options.MaxDataTransferSize)
        {
            return Reject("count", access.Count);
        }

        ulong size = RegionSize(access.Region);
        if (access.Offset >= size || access.Count > size - access.Offset)
        {
            return Reject("offset", access.Offset);
        }

        return Errno.None;
    }

    /// <summary>Splits the access into TLPs. Unsuccessful reads return all-ones, as a root complex does.</summary>
    private RequestOutcome AccessRegion(in RegionAccess access, Span<byte> data, bool write)
    {
        RequestOutcome worst = RequestOutcome.Success;
        ulong offset = access.Offset;
        int done = 0;
        bool rom = access.Region == (uint)RegionIndex.ExpansionRom;
        using RomWindow window = rom ? OpenRomWindow() : default;
        while (done < data.Length)
        {
            int piece = PieceLength(access.Region, offset, data.Length - done, write);
            Span<byte> part = data.Slice(done, piece);
            RequestOutcome outcome = Issue(access.Region, offset, part, write);
            if (outcome != RequestOutcome.Success)
            {
                _logger.RegionAccessFailed(_request.MessageId, _request.Command, access.Region, offset, _requester.LastTag, outcome);
                if (outcome == RequestOutcome.TimedOut)
                {
                    return outcome;
                }

                if (!write)
                {
                    part.Fill(AllOnes);
                }

                worst = outcome;
            }

            offset += (ulong)piece;
            done += piece;
        }

        return worst;
    }

    private int PieceLength(uint region, ulong offset, int remaining, bool write)
    {
        BarKind kind = region == (uint)RegionIndex.Config ? BarKind.None : _layout.Bars[(int)region].Kind;
        ulong address = region == (uint)RegionIndex.Config ? offset : _layout.AddressOf((int)region) + offset;
        if (region == (uint)RegionIndex.Config || kind == BarKind.Io)
        {
            return Math.Min(remaining, 4 - (int)(address & 3));
        }

        // Memory: reads up to Max_Read_Request_Size, writes up to the function's Max_Payload_Size, aligned so that no TLP crosses 4 KiB.
        int limit = write ? Math.Min(_options.MaxPayloadSize, _layout.MaxPayloadSize) : _options.MaxReadRequestSize;
        return Math.Min(remaining, limit - (int)(address & (ulong)(limit - 1)));
    }

    private RequestOutcome Issue(uint region, ulong offset, Span<byte> part, bool write)
    {
        if (region == (uint)RegionIndex.Config)
        {
            return write ? _requester.ConfigWrite((int)offset, part) : _requester.ConfigRead((int)offset, part);
        }

        ulong address = _layout.AddressOf((int)region) + offset;
        if (_layout.Bars[(int)region].Kind == BarKind.Io)
        {
            return write ? _requester.IoWrite((uint)address, part) : _requester.IoRead((uint)address, part);
        }

        if (write)
        {
            _requester.MemoryWrite(address, part);
            return RequestOutcome.Success;
        }

        return _requester.MemoryRead(address, part);
    }
}
