using System.Buffers;
using Cosim.Testbench.Faults;
using Cosim.Tlp;
using Cosim.Tlp.Transactions;

namespace Cosim.Testbench;

/// <summary>The root complex as completer: the function's DMA reads and writes, interrupts and messages.</summary>
public sealed partial class RootComplex
{
    private void OnFunctionRequest(in TlpHeader request, ReadOnlySpan<byte> payload)
    {
        switch (request.Kind)
        {
            case TlpKind.MemoryRead or TlpKind.MemoryReadLocked:
                ServeRead(request);
                break;

            case TlpKind.MemoryWrite when IsInterruptAddress(request.Address):
                DeliverInterrupt(request, payload);
                break;

            case TlpKind.MemoryWrite:
                ServeWrite(request, payload);
                break;

            case TlpKind.Message or TlpKind.MessageWithData when request.MessageCode is >= MessageCode.AssertIntA and <= MessageCode.DeassertIntD:
                Intx.Deliver(request.MessageCode);
                break;

            case TlpKind.Message or TlpKind.MessageWithData:
                lock (_lock)
                {
                    _messages.Add(request);
                }

                break;

            default:
                // I/O, configuration and atomic requests from an endpoint: the root complex supports none of them.
                if (request.IsNonPosted)
                {
                    Send(TlpHeader.UnsupportedRequestFor(request, Options.RootId), [], TimeSpan.Zero);
                }

                break;
        }
    }

    // A DMA read: data from host memory in completions split at RCB and Max_Payload_Size, after the latency model's
    // delay, unless a fault rule or an unmapped range says otherwise.
    private void ServeRead(in TlpHeader request)
    {
        FaultRule? fault = Faults.Match(request);
        if (fault?.Action == FaultAction.Drop)
        {
            return;
        }

        TimeSpan latency = Options.CompletionLatency.Next() + (fault?.Action == FaultAction.Delay ? fault.Delay : TimeSpan.Zero);
        if (fault?.Action == FaultAction.CompleteWithStatus)
        {
            Send(TlpHeader.CompletionWithoutDataFor(request, Options.RootId, fault.Status), [], latency);
            return;
        }

        MaxPayloadSize maxPayload = LinkMaxPayloadSize;
        var splitter = new CompletionSplitter(request, maxPayload, Options.ReadCompletionBoundary, Options.CompletionSplitting);
        ulong firstByte = request.Address + (ulong)ByteEnables.FirstEnabledByteOffset(request.FirstDwByteEnables);
        if (Memory.IsUnmapped(firstByte, splitter.DataBytes))
        {
            Send(TlpHeader.UnsupportedRequestFor(request, Options.RootId), [], latency);
            return;
        }

        byte[] data = ArrayPool<byte>.Shared.Rent(Math.Max(splitter.DataBytes, 1));
        byte[] completion = ArrayPool<byte>.Shared.Rent(TlpHeader.MaxPayloadBytes);
        try
        {
            Span<byte> requested = data.AsSpan(0, splitter.DataBytes);
            Memory.Read(firstByte, requested);
            bool poisoned = fault?.Action == FaultAction.Poison;
            TimeSpan at = latency;
            while (splitter.TryGetNext(out CompletionChunk chunk))
            {
                TlpHeader header = chunk.ToCompletion(request, Options.RootId) with { Poisoned = poisoned };
                chunk.CopyPayload(requested, completion);
                Send(header, completion.AsSpan(0, chunk.PayloadBytes), at);
                at += Options.CompletionLatency.PerCompletion;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
            ArrayPool<byte>.Shared.Return(completion);
        }
    }

    // A DMA write: the enabled bytes land in host memory, unless faulted or unmapped (then dropped, as posted writes are).
    private void ServeWrite(in TlpHeader request, ReadOnlySpan<byte> payload)
    {
        FaultRule? fault = Faults.Match(request);
        if (fault is not null && fault.Action != FaultAction.Delay)
        {
            return;
        }

        ulong firstByte = request.Address + (ulong)ByteEnables.FirstEnabledByteOffset(request.FirstDwByteEnables);
        int count = ByteEnables.RequestedByteCount(request.Length, request.FirstDwByteEnables, request.LastDwByteEnables);
        if (Memory.IsUnmapped(firstByte, count))
        {
            return;
        }

        if (fault is null)
        {
            StoreEnabledBytes(request, payload);
            return;
        }

        // Copied: the payload span dies with this call, the write lands later.
        TlpHeader delayed = request;
        byte[] copy = payload.ToArray();
        Clock.Schedule(fault.Delay, () => StoreEnabledBytes(delayed, copy));
    }

    // Writes exactly the enabled bytes: all of the middle DWs, First/Last DW BE in the ends (which may have holes, §2.2.5).
    private void StoreEnabledBytes(in TlpHeader request, ReadOnlySpan<byte> payload)
    {
        int total = request.Length * DwordBytes;
        int lastDwStart = total - DwordBytes;
        int at = 0;
        while (at < total)
        {
            if (!IsEnabled(request, at, lastDwStart))
            {
                at++;
                continue;
            }

            int start = at;
            while (at < total && IsEnabled(request, at, lastDwStart))
            {
                at++;
            }

            Memory.Write(request.Address + (ulong)start, payload[start..at]);
        }
    }

    private static bool IsEnabled(in TlpHeader request, int at, int lastDwStart)
    {
        int enables = at < DwordBytes ? request.FirstDwByteEnables
            : at >= lastDwStart ? request.LastDwByteEnables
            : ByteEnables.All;
        return (enables & (1 << (at % DwordBytes))) != 0;
    }

    // Sends a TLP to the function now (inside the current call) or `delay` later on the simulated clock.
    private void Send(in TlpHeader header, ReadOnlySpan<byte> payload, TimeSpan delay)
    {
        if (delay == TimeSpan.Zero)
        {
            _downstream.Receive(header, payload);
            return;
        }

        // Copied: the span dies with this call, the TLP leaves later.
        TlpHeader later = header;
        byte[] copy = payload.ToArray();
        Clock.Schedule(delay, () => _downstream.Receive(later, copy));
    }
}
