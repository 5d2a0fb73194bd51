using Cosim.Tlp;

namespace Cosim.Server.Tests.Fakes;

/// <summary>
/// The host side of a function's link for wrapper tests: records what reaches it and answers memory reads with
/// completions of the byte pattern <c>address &amp; FFh</c> (split at 64-byte boundaries, as a root port may), unless
/// told to hold them. Issues requests to the function by hand.
/// </summary>
internal sealed class RecordingHost : ITlpReceiver
{
    private const int ReadCompletionBoundary = 64;
    private readonly IPcieFunction _function;
    private readonly Lock _lock = new();
    private readonly List<(TlpHeader Header, byte[] Payload)> _received = [];
    private ushort _tag;

    public RecordingHost(IPcieFunction function)
    {
        _function = function;
        function.Attach(this);
    }

    public bool AnswerReads { get; set; } = true;

    public IReadOnlyList<(TlpHeader Header, byte[] Payload)> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public IEnumerable<TlpHeader> ReceivedRequests => Received.Select(r => r.Header).Where(h => h.IsRequest);

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        lock (_lock)
        {
            _received.Add((header, payload.ToArray()));
        }

        if (AnswerReads && header.Kind == TlpKind.MemoryRead)
        {
            Complete(header);
        }
    }

    /// <summary>CfgWr of the Command register: Memory Space, I/O Space and Bus Master Enable.</summary>
    public void EnableBusMaster() => ConfigWrite(0x04, 0x7);

    public void ConfigWrite(int offset, uint value)
    {
        byte[] data = BitConverter.GetBytes(value);
        _function.Receive(TlpHeader.ConfigWrite(default, NextTag(), ScriptedFunction.Id, offset, 4), data);
    }

    public void MemoryRead(ulong address, int byteCount) =>
        _function.Receive(TlpHeader.MemoryRead(default, NextTag(), address, byteCount), []);

    /// <summary>Answers <paramref name="request"/> with the pattern, split at the Read Completion Boundary.</summary>
    public void Complete(in TlpHeader request)
    {
        ulong address = request.Address + (ulong)ByteEnables.FirstEnabledByteOffset(request.FirstDwByteEnables);
        int remaining = ByteEnables.RequestedByteCount(request.Length, request.FirstDwByteEnables, request.LastDwByteEnables);
        while (remaining > 0)
        {
            ulong end = Math.Min(address + (ulong)remaining, (address + ReadCompletionBoundary) & ~(ulong)(ReadCompletionBoundary - 1));
            int bytes = (int)(end - address);
            int lead = (int)(address & 3);
            int dwords = (lead + bytes + 3) / 4;
            var chunk = new byte[dwords * 4];
            for (int i = 0; i < bytes; i++)
            {
                chunk[lead + i] = (byte)(address + (ulong)i);
            }

            _function.Receive(TlpHeader.CompletionFor(request, default, CompletionStatus.SuccessfulCompletion, dwords, remaining, (byte)(address & 0x7F)), chunk);
            address = end;
            remaining -= bytes;
        }
    }

    private ushort NextTag()
    {
        lock (_lock)
        {
            return _tag++;
        }
    }
}
