using Cosim.Tlp;

namespace Cosim.VfioUser;

/// <summary>
/// Issues the endpoint's own requests to the function (CfgRd/CfgWr, MemRd/MemWr, IORd/IOWr) and gathers their
/// completions. Requests come from the connection thread only, one at a time, so one completion slot suffices; the
/// tag advances with every request so that a late completion of a timed-out request never matches a newer one.
/// When the function completes inside <see cref="ITlpReceiver.Receive"/> (behavioural models do) there is no wait;
/// otherwise the connection thread spins briefly, then blocks.
/// </summary>
internal sealed class FunctionRequester : IDisposable
{
    /// <summary>The endpoint's Requester and Completer ID: 00:00.0, the root port.</summary>
    public static readonly PcieId RootId = default;

    private const int SpinCount = 100;
    private const ushort TagMask = 0xFF;
    private readonly IPcieFunction _function;
    private readonly PcieId _functionId;
    private readonly TimeSpan _timeout;
    private readonly ManualResetEventSlim _done = new(false, SpinCount);
    private readonly Lock _lock = new();
    private readonly byte[] _data = new byte[TlpHeader.MaxPayloadBytes];
    private ushort _tag;
    private bool _outstanding;
    private bool _singleDword;
    private int _expectedBytes;
    private int _receivedBytes;
    private int _firstByteOffset;
    private CompletionStatus _status;

    public FunctionRequester(IPcieFunction function, PcieId functionId, TimeSpan timeout)
    {
        _function = function;
        _functionId = functionId;
        _timeout = timeout;
    }

    /// <summary>The last request's tag, for log lines.</summary>
    public ushort LastTag => _tag;

    /// <summary>CfgRd0 of 1-4 bytes within one DW.</summary>
    public RequestOutcome ConfigRead(int offset, Span<byte> destination)
    {
        TlpHeader request = TlpHeader.ConfigRead(RootId, 0, _functionId, offset, destination.Length);
        return Issue(request, [], singleDword: true, offset & 3, destination);
    }

    /// <summary>CfgWr0 of 1-4 bytes within one DW.</summary>
    public RequestOutcome ConfigWrite(int offset, ReadOnlySpan<byte> data)
    {
        TlpHeader request = TlpHeader.ConfigWrite(RootId, 0, _functionId, offset, data.Length);
        Span<byte> payload = stackalloc byte[4];
        payload.Clear();
        data.CopyTo(payload[(offset & 3)..]);
        return Issue(request, payload, singleDword: true, 0, []);
    }

    /// <summary>IORd of 1-4 bytes within one DW.</summary>
    public RequestOutcome IoRead(uint address, Span<byte> destination)
    {
        TlpHeader request = TlpHeader.IoRead(RootId, 0, address, destination.Length);
        return Issue(request, [], singleDword: true, (int)(address & 3), destination);
    }

    /// <summary>IOWr of 1-4 bytes within one DW.</summary>
    public RequestOutcome IoWrite(uint address, ReadOnlySpan<byte> data)
    {
        TlpHeader request = TlpHeader.IoWrite(RootId, 0, address, data.Length);
        Span<byte> payload = stackalloc byte[4];
        payload.Clear();
        data.CopyTo(payload[(int)(address & 3)..]);
        return Issue(request, payload, singleDword: true, 0, []);
    }

    /// <summary>MRd of 1-4096 bytes that stay inside one 4 KiB page; completions may be split.</summary>
    public RequestOutcome MemoryRead(ulong address, Span<byte> destination)
    {
        TlpHeader request = TlpHeader.MemoryRead(RootId, 0, address, destination.Length);
        return Issue(request, [], singleDword: false, (int)(address & 3), destination);
    }

    /// <summary>Posted MWr of 1 byte up to Max_Payload_Size inside one 4 KiB page: no completion, no wait.</summary>
    public void MemoryWrite(ulong address, ReadOnlySpan<byte> data)
    {
        TlpHeader request = TlpHeader.MemoryWrite(RootId, 0, address, data.Length);
        Span<byte> payload = stackalloc byte[request.PayloadSize];
        int lead = (int)(address & 3);
        payload[..lead].Clear();
        data.CopyTo(payload[lead..]);
        payload[(lead + data.Length)..].Clear();
        _function.Receive(request, payload);
    }

    /// <summary>
    /// Takes a completion that arrived at the endpoint (from any thread). Returns false when it answers no
    /// outstanding request of the endpoint (stale or foreign): the caller logs it.
    /// </summary>
    public bool TryComplete(in TlpHeader completion, ReadOnlySpan<byte> payload)
    {
        lock (_lock)
        {
            if (!_outstanding || completion.Tag != _tag || completion.RequesterId != RootId)
            {
                return false;
            }

            if (completion.Status != CompletionStatus.SuccessfulCompletion)
            {
                _status = completion.Status;
                Finish();
                return true;
            }

            if (_expectedBytes == 0)
            {
                Finish();
                return true;
            }

            if (_singleDword)
            {
                // Cfg/IO completions carry the whole DW; the requested bytes sit at their offset within it.
                int available = Math.Max(0, payload.Length - _firstByteOffset);
                int count = Math.Min(_expectedBytes, available);
                payload.Slice(_firstByteOffset, count).CopyTo(_data);
                if (count < _expectedBytes)
                {
                    _status = CompletionStatus.CompleterAbort;
                }

                Finish();
                return true;
            }

            // Memory read completions (§2.3.1.1): Byte Count is what remains including this one, Lower Address
            // locates the first returned byte inside the DW-aligned payload.
            int remaining = completion.ByteCount;
            int position = _expectedBytes - remaining;
            int skip = completion.LowerAddress & 3;
            if (position < _receivedBytes || remaining <= 0 || payload.Length <= skip)
            {
                _status = CompletionStatus.CompleterAbort;
                Finish();
                return true;
            }

            int bytes = Math.Min(remaining, payload.Length - skip);
            payload.Slice(skip, bytes).CopyTo(_data.AsSpan(position));
            _receivedBytes = position + bytes;
            if (bytes == remaining)
            {
                Finish();
            }

            return true;
        }
    }

    /// <summary>Abandons an outstanding request (disconnect); a late completion is then dropped.</summary>
    public void Abandon()
    {
        lock (_lock)
        {
            _outstanding = false;
        }
    }

    public void Dispose() => _done.Dispose();

    private RequestOutcome Issue(TlpHeader request, ReadOnlySpan<byte> payload, bool singleDword, int firstByteOffset, Span<byte> destination)
    {
        lock (_lock)
        {
            _tag = (ushort)((_tag + 1) & TagMask);
            request = request with { Tag = _tag };
            _outstanding = true;
            _singleDword = singleDword;
            _expectedBytes = destination.Length;
            _receivedBytes = 0;
            _firstByteOffset = firstByteOffset;
            _status = CompletionStatus.SuccessfulCompletion;
            _done.Reset();
        }

        _function.Receive(request, payload);
        if (!_done.IsSet && !_done.Wait(_timeout))
        {
            lock (_lock)
            {
                if (_outstanding)
                {
                    _outstanding = false;
                    return RequestOutcome.TimedOut;
                }
            }
        }

        if (_status != CompletionStatus.SuccessfulCompletion)
        {
            return RequestOutcome.Unsuccessful;
        }

        _data.AsSpan(0, destination.Length).CopyTo(destination);
        return RequestOutcome.Success;
    }

    private void Finish()
    {
        _outstanding = false;
        _done.Set();
    }
}
