using System.Buffers;
using Cosim.Tlp;
using Cosim.Tlp.Transactions;

namespace Cosim.VfioUser;

/// <summary>
/// The function's DMA: memory reads answered with completions split at RCB and MPS, memory writes stored; and the
/// same in one copy (<see cref="IDirectMemoryPath"/>) when the whole transfer lies in shared guest memory.
/// </summary>
internal sealed partial class UpstreamPort : IDirectMemoryPath
{
    public bool TryReadMemory(ulong address, Span<byte> destination) =>
        MayTakeDirectPath(address, destination.Length) && _memory.Read(address, destination) == GuestMemory.Access.Done;

    public bool TryWriteMemory(ulong address, ReadOnlySpan<byte> source) =>
        MayTakeDirectPath(address, source.Length) && _memory.Write(address, source) == GuestMemory.Access.Done;

    public bool TryWriteMemory<TState>(ulong address, int length, TState state, SpanAction<byte, TState> fill) =>
        MayTakeDirectPath(address, length) && _memory.Write(address, length, state, fill) == GuestMemory.Access.Done;

    // Not with requests queued ahead (they keep their order), not disabled, and never over the MSI window, whose
    // writes are interrupts. Anything refused here goes as TLPs, which give the precise answer.
    private bool MayTakeDirectPath(ulong address, int length) =>
        _directMemory && !_deferred.HasWork && length > 0 && address + (ulong)length > address
        && (address + (ulong)length <= MsiWindowBase || address >= MsiWindowBase + MsiWindowSize);

    private void HandleMemoryRead(in TlpHeader request, bool mayWait)
    {
        bool zeroLength = request.Length == 1 && request.FirstDwByteEnables == 0;
        int byteCount = ByteEnables.RequestedByteCount(request.Length, request.FirstDwByteEnables, request.LastDwByteEnables);
        ulong start = request.Address + (ulong)ByteEnables.FirstEnabledByteOffset(request.FirstDwByteEnables);
        Span<byte> data = stackalloc byte[TlpHeader.MaxPayloadBytes];
        data = data[..byteCount];
        if (zeroLength)
        {
            // §2.2.5: a zero-length read returns one DW whose content is not defined; nothing is read.
            data.Clear();
        }
        else
        {
            GuestMemory.Access access = _memory.Read(start, data);
            if (access == GuestMemory.Access.NeedsMessages)
            {
                Errno error = mayWait ? _messageDma.Read(start, data) : Errno.WouldDeadlock;
                if (error != Errno.None)
                {
                    _logger.DmaMessageFailed(start, byteCount, error, request);
                    _function.Receive(TlpHeader.UnsupportedRequestFor(request, FunctionRequester.RootId), []);
                    return;
                }
            }
            else if (access != GuestMemory.Access.Done)
            {
                _logger.DmaReadUnmapped(start, byteCount, request);
                _function.Receive(TlpHeader.UnsupportedRequestFor(request, FunctionRequester.RootId), []);
                return;
            }
        }

        SendCompletions(request, start, data);
    }

    /// <summary>
    /// §2.3.1.1: a read may be answered by several completions, each ending on a Read Completion Boundary except the
    /// last, and none with more than Max_Payload_Size of payload.
    /// </summary>
    private void SendCompletions(in TlpHeader request, ulong start, ReadOnlySpan<byte> data)
    {
        // The smaller of the endpoint's limit and the function's programmed Max_Payload_Size (§2.2.2).
        int maxPayloadSize = Math.Min(_maxPayloadSize, _layout.MaxPayloadSize);
        Span<byte> payload = stackalloc byte[maxPayloadSize];
        ulong address = start;
        int offset = 0;
        int remaining = data.Length;
        ulong boundaryMask = ~(ulong)(_readCompletionBoundary - 1);
        while (remaining > 0)
        {
            ulong dwordBase = address & ~3UL;
            ulong limit = (dwordBase + (ulong)maxPayloadSize) & boundaryMask;
            ulong end = Math.Min(address + (ulong)remaining, limit);
            int bytes = (int)(end - address);
            int lead = (int)(address & 3);
            int dwords = (lead + bytes + 3) / 4;
            Span<byte> chunk = payload[..(dwords * 4)];
            chunk.Clear();
            data.Slice(offset, bytes).CopyTo(chunk[lead..]);
            TlpHeader completion = TlpHeader.CompletionFor(
                request, FunctionRequester.RootId, CompletionStatus.SuccessfulCompletion, dwords, remaining, (byte)address);
            _function.Receive(completion, chunk);
            address = end;
            offset += bytes;
            remaining -= bytes;
        }
    }

    private void HandleMemoryWrite(in TlpHeader request, ReadOnlySpan<byte> payload, bool mayWait)
    {
        GuestMemory.Access access = _memory.Write(request.Address, payload, request.FirstDwByteEnables, request.LastDwByteEnables);
        switch (access)
        {
            case GuestMemory.Access.Done:
                return;
            case GuestMemory.Access.NeedsMessages:
                WriteByMessages(request, payload, mayWait);
                return;
            default:
                GuestMemory.ByteRange(payload.Length, request.FirstDwByteEnables, request.LastDwByteEnables, out int first, out int end);
                _logger.DmaWriteDropped(request.Address + (ulong)first, end - first, access, request);
                return;
        }
    }

    /// <summary>Sends each run of enabled bytes as DMA_WRITE messages (byte enables have no message equivalent).</summary>
    private void WriteByMessages(in TlpHeader request, ReadOnlySpan<byte> payload, bool mayWait)
    {
        if (!mayWait)
        {
            _logger.DmaMessageFailed(request.Address, payload.Length, Errno.WouldDeadlock, request);
            return;
        }

        int dwords = payload.Length / 4;
        int runStart = -1;
        for (int i = 0; i <= payload.Length; i++)
        {
            bool enabled = i < payload.Length && IsEnabled(i, dwords, request.FirstDwByteEnables, request.LastDwByteEnables);
            if (enabled && runStart < 0)
            {
                runStart = i;
            }
            else if (!enabled && runStart >= 0)
            {
                Errno error = _messageDma.Write(request.Address + (ulong)runStart, payload[runStart..i]);
                if (error != Errno.None)
                {
                    _logger.DmaMessageFailed(request.Address + (ulong)runStart, i - runStart, error, request);
                    return;
                }

                runStart = -1;
            }
        }
    }

    private static bool IsEnabled(int index, int dwords, byte firstDwByteEnables, byte lastDwByteEnables)
    {
        int dword = index / 4;
        int bit = 1 << (index & 3);
        if (dword == 0)
        {
            return (firstDwByteEnables & bit) != 0;
        }

        return dword < dwords - 1 || (lastDwByteEnables & bit) != 0;
    }
}
