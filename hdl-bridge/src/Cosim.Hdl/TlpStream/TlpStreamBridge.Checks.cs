using System.Buffers;
using Cosim.Tlp;
using Cosim.Tlp.Transactions;

namespace Cosim.Hdl.TlpStream;

/// <summary>Decoding and checking the RTL's TLPs; tracking the host requests the RTL must complete.</summary>
public sealed partial class TlpStreamBridge
{
    private void Received(DeviceToHostStream stream, DeviceToHostStream.Outcome outcome)
    {
        switch (outcome)
        {
            case DeviceToHostStream.Outcome.Error:
                Report(stream.Channel, RtlProtocolErrorKind.StreamProtocol, stream.Error, null, stream.Packet, null, null);
                return;
            case DeviceToHostStream.Outcome.Packet:
                break;
            default:
                return;
        }

        ReadOnlySpan<uint> dwords = stream.Packet;
        int length = TlpDwords.ToWireBytes(dwords, _wire);
        TlpHeader header;
        ReadOnlySpan<byte> payload;
        try
        {
            header = TlpCodec.Decode(_wire.AsSpan(0, length), out payload);
        }
        catch (TlpFormatException exception)
        {
            Report(stream.Channel, RtlProtocolErrorKind.MalformedTlp, exception.Message, null, dwords, exception.Rule, null);
            GiveUpAnsweredRequest(dwords);
            return;
        }

        if (stream.Channel == TlpChannel.DeviceToHostCompletion ? !CheckCompletion(header, payload, dwords) : !CheckRequest(header, payload, dwords))
        {
            return;
        }

        Traced?.Invoke(new RtlTlpRecord(Model.Cycle, stream.Channel, ToHost: true, header), payload);
        Upstream?.Receive(header, payload);
    }

    private bool CheckCompletion(in TlpHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<uint> dwords)
    {
        const TlpChannel Channel = TlpChannel.DeviceToHostCompletion;
        if (!header.IsCompletion)
        {
            return Report(Channel, RtlProtocolErrorKind.WrongChannel, $"a {header.Kind} on the completion stream", header, dwords, null, null);
        }

        if (header.CompleterId != _completerId)
        {
            Report(Channel, RtlProtocolErrorKind.WrongId, $"Completer ID {header.CompleterId} is not the function's {_completerId}", header, dwords, null, null);
            return GiveUp(header);
        }

        int maxPayload = 128 << (int)_maxPayloadSize;
        if (payload.Length > maxPayload)
        {
            Report(Channel, RtlProtocolErrorKind.SizeLimitExceeded, $"{payload.Length} bytes of data above Max_Payload_Size {maxPayload}", header, dwords, null, null);
            return GiveUp(header);
        }

        CompletionMatch match = _hostRequests.Match(header, payload);
        if (match.Mismatch is not (CompletionMismatch.None or CompletionMismatch.StatusNotSuccessful))
        {
            Report(Channel, RtlProtocolErrorKind.CompletionMismatch, $"the completion does not fit its request ({match.Mismatch})", header, dwords, null, match.Mismatch);
            return GiveUp(header);
        }

        if (match.RequestEnded)
        {
            ReturnBuffer(header.Tag);
        }

        return true;
    }

    private bool CheckRequest(in TlpHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<uint> dwords)
    {
        const TlpChannel Channel = TlpChannel.DeviceToHostRequest;
        if (header.IsCompletion)
        {
            Report(Channel, RtlProtocolErrorKind.WrongChannel, $"a {header.Kind} on the request stream", header, dwords, null, null);
            return GiveUp(header);
        }

        if (header.RequesterId != _completerId)
        {
            return Report(Channel, RtlProtocolErrorKind.WrongId, $"Requester ID {header.RequesterId} is not the function's {_completerId}", header, dwords, null, null);
        }

        if (!_busMasterEnable && !header.IsMessage)
        {
            return Report(Channel, RtlProtocolErrorKind.BusMasterDisabled, "a request while Bus Master Enable is clear", header, dwords, null, null);
        }

        int maxPayload = 128 << (int)_maxPayloadSize;
        if (payload.Length > maxPayload)
        {
            return Report(Channel, RtlProtocolErrorKind.SizeLimitExceeded, $"{payload.Length} bytes of data above Max_Payload_Size {maxPayload}", header, dwords, null, null);
        }

        int maxRead = 128 << (int)_maxReadRequestSize;
        if (header.Kind is TlpKind.MemoryRead or TlpKind.MemoryReadLocked && header.Length * sizeof(uint) > maxRead)
        {
            return Report(Channel, RtlProtocolErrorKind.SizeLimitExceeded, $"a read of {header.Length * sizeof(uint)} bytes above Max_Read_Request_Size {maxRead}", header, dwords, null, null);
        }

        return true;
    }

    /// <summary>
    /// The RTL answered a host request with a completion the bridge dropped: the request is given up (the host sees
    /// a Completion Timeout) rather than kept until the RTL answers again, which it will not. Returns false.
    /// </summary>
    private bool GiveUp(in TlpHeader completion)
    {
        if (_hostRequests.TryGet(completion.Tag, out OutstandingRequest request) && request.RequesterId == completion.RequesterId
            && _hostRequests.TryRemove(completion.Tag, out _))
        {
            ReturnBuffer(completion.Tag);
        }

        return false;
    }

    /// <summary>Best effort for an undecodable completion: Requester ID and Tag sit in DW2 (and DW0 T9/T8) of every completion.</summary>
    private void GiveUpAnsweredRequest(ReadOnlySpan<uint> dwords)
    {
        const int CompletionType = 0b0_1010;
        const int TypeShift = 24;
        const uint TypeMask = 0x1F;
        if (dwords.Length < 3 || ((dwords[0] >> TypeShift) & TypeMask) != CompletionType)
        {
            return;
        }

        ushort tag = (ushort)(((dwords[2] >> 8) & 0xFF) | ((dwords[0] >> 23 & 1) << 9) | ((dwords[0] >> 19 & 1) << 8));
        GiveUp(new TlpHeader { Kind = TlpKind.CompletionWithData, Tag = tag, RequesterId = new PcieId((ushort)(dwords[2] >> 16)) });
    }

    private void Track(in TlpHeader request)
    {
        int bytes = RequestedBytes(request);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bytes, 1));
        try
        {
            _hostRequests.Track(request, buffer.AsMemory(0, bytes), (long)Model.Cycle);
        }
        catch (InvalidOperationException)
        {
            // The host reused a Tag that is still outstanding: the older request is forgotten (it would never complete).
            ArrayPool<byte>.Shared.Return(buffer);
            if (_hostRequests.TryRemove(request.Tag, out _))
            {
                ReturnBuffer(request.Tag);
            }

            TrackAgain(request);
            return;
        }

        _hostRequestBuffers[request.Tag] = buffer;
    }

    private void TrackAgain(in TlpHeader request)
    {
        int bytes = RequestedBytes(request);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bytes, 1));
        _hostRequests.Track(request, buffer.AsMemory(0, bytes), (long)Model.Cycle);
        _hostRequestBuffers[request.Tag] = buffer;
    }

    /// <summary>What the tracker copies for a request: the enabled bytes of a read, the operand of an AtomicOp, nothing for a write.</summary>
    private static int RequestedBytes(in TlpHeader request)
    {
        if (request.Kind is TlpKind.IoWrite or TlpKind.ConfigWrite0 or TlpKind.ConfigWrite1)
        {
            return 0;
        }

        if (request.IsAtomic)
        {
            return request.Kind == TlpKind.CompareAndSwap ? request.Length * sizeof(uint) / 2 : request.Length * sizeof(uint);
        }

        return ByteEnables.RequestedByteCount(request.Length, request.FirstDwByteEnables, request.LastDwByteEnables);
    }

    private void ReturnBuffer(ushort tag)
    {
        if (_hostRequestBuffers[tag] is { } buffer)
        {
            _hostRequestBuffers[tag] = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ForgetHostRequests()
    {
        Span<OutstandingRequest> removed = _removed;
        int count;
        while ((count = _hostRequests.RemoveAll(removed)) > 0)
        {
            foreach (OutstandingRequest request in removed[..count])
            {
                ReturnBuffer(request.Tag);
            }
        }
    }

    /// <summary>Reports an RTL error (always returns false, for "check failed" chains).</summary>
    private bool Report(TlpChannel channel, RtlProtocolErrorKind kind, string message, TlpHeader? header, ReadOnlySpan<uint> dwords, TlpRule? rule, CompletionMismatch? mismatch)
    {
        var error = new RtlProtocolError
        {
            Cycle = Model.Cycle,
            Channel = channel,
            Kind = kind,
            Message = message,
            Header = header,
            HeaderDwords = dwords[..Math.Min(dwords.Length, 4)].ToArray(),
            Rule = rule,
            Mismatch = mismatch,
        };
        HdlLog.RtlProtocolError(_logger, Model.Design.Top, error.ToString());
        ProtocolError?.Invoke(error);
        return false;
    }
}
