using System.Buffers;
using System.Buffers.Binary;
using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Transactions;

namespace Cosim.Testbench;

/// <summary>The root complex as a requester: configuration, memory and I/O requests, their Tags, completions and timeouts.</summary>
public sealed partial class RootComplex
{
    private const int DwordBytes = 4;
    private const int ExpiredBatch = 32;
    private const int BitsPerByte = 8;

    private readonly TagAllocator _tags = new(TagSize.EightBit);
    private readonly CompletionTracker _tracker = new();
    private readonly PendingRequest?[] _pending = new PendingRequest?[TlpHeader.MaxTag + 1];
    private readonly OutstandingRequest[] _expired = new OutstandingRequest[ExpiredBatch];
    private int _pendingCount;

    /// <summary>Max_Payload_Size of the link: what enumeration programmed, 128 bytes before.</summary>
    private MaxPayloadSize LinkMaxPayloadSize => _enumerated?.MaxPayloadSize ?? MaxPayloadSize.Bytes128;

    /// <summary>Reads <paramref name="length"/> bytes of configuration space at <paramref name="offset"/> (one CfgRd0 per DW touched).</summary>
    public async Task<byte[]> ConfigReadAsync(int offset, int length, CancellationToken cancellationToken = default)
    {
        byte[] data = new byte[length];
        await ConfigReadAsync(offset, data, cancellationToken).ConfigureAwait(false);
        return data;
    }

    /// <summary>Reads configuration space at <paramref name="offset"/> into <paramref name="destination"/>.</summary>
    public async Task ConfigReadAsync(int offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        CheckConfigRange(offset, destination.Length);
        int done = 0;
        while (done < destination.Length)
        {
            int at = offset + done;
            int count = Math.Min(DwordBytes - (at % DwordBytes), destination.Length - done);
            ushort tag = await AllocateTagAsync(cancellationToken).ConfigureAwait(false);
            TlpHeader request = TlpHeader.ConfigRead(Options.RootId, tag, Options.FunctionId, at, count);
            await WaitAsync(Issue(request, [], destination.Slice(done, count)), request.ToString(), cancellationToken).ConfigureAwait(false);
            done += count;
        }
    }

    /// <summary>Writes <paramref name="data"/> to configuration space at <paramref name="offset"/> (one CfgWr0 per DW touched, each awaited).</summary>
    public async Task ConfigWriteAsync(int offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        CheckConfigRange(offset, data.Length);
        int done = 0;
        while (done < data.Length)
        {
            int at = offset + done;
            int count = Math.Min(DwordBytes - (at % DwordBytes), data.Length - done);
            ushort tag = await AllocateTagAsync(cancellationToken).ConfigureAwait(false);
            TlpHeader request = TlpHeader.ConfigWrite(Options.RootId, tag, Options.FunctionId, at, count);
            await WaitAsync(IssueWithLanes(request, at % DwordBytes, data.Span.Slice(done, count)), request.ToString(), cancellationToken).ConfigureAwait(false);
            done += count;
        }
    }

    /// <summary>Reads the configuration byte at <paramref name="offset"/>.</summary>
    public async Task<byte> ConfigReadUInt8Async(int offset) => (await ConfigReadAsync(offset, 1).ConfigureAwait(false))[0];

    /// <summary>Reads the configuration word at <paramref name="offset"/>.</summary>
    public async Task<ushort> ConfigReadUInt16Async(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(await ConfigReadAsync(offset, sizeof(ushort)).ConfigureAwait(false));

    /// <summary>Reads the configuration DW at <paramref name="offset"/>.</summary>
    public async Task<uint> ConfigReadUInt32Async(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(await ConfigReadAsync(offset, sizeof(uint)).ConfigureAwait(false));

    /// <summary>Writes a configuration byte.</summary>
    public Task ConfigWriteUInt8Async(int offset, byte value) => ConfigWriteAsync(offset, new[] { value });

    /// <summary>Writes a configuration word.</summary>
    public Task ConfigWriteUInt16Async(int offset, ushort value) => ConfigWriteAsync(offset, LittleEndian(value, sizeof(ushort)));

    /// <summary>Writes a configuration DW.</summary>
    public Task ConfigWriteUInt32Async(int offset, uint value) => ConfigWriteAsync(offset, LittleEndian(value, sizeof(uint)));

    /// <summary>Sets and clears Command register bits (read-modify-write of 04h).</summary>
    public async Task UpdateCommandAsync(CommandFlags set, CommandFlags clear = CommandFlags.None)
    {
        ushort command = await ConfigReadUInt16Async(CommandRegister).ConfigureAwait(false);
        await ConfigWriteUInt16Async(CommandRegister, (ushort)((command & ~(ushort)clear) | (ushort)set)).ConfigureAwait(false);
    }

    /// <summary>Sets or clears Bus Master Enable.</summary>
    public Task SetBusMasterAsync(bool enable) =>
        enable ? UpdateCommandAsync(CommandFlags.BusMasterEnable) : UpdateCommandAsync(CommandFlags.None, CommandFlags.BusMasterEnable);

    /// <summary>
    /// A CPU load of <paramref name="length"/> bytes at any address and alignment: MRds of at most
    /// <see cref="RootComplexOptions.HostMaxReadRequestSize"/> that never cross 4 KiB, issued together, awaited together.
    /// </summary>
    public async Task<byte[]> ReadAsync(ulong address, int length, CancellationToken cancellationToken = default)
    {
        byte[] data = new byte[length];
        await ReadAsync(address, data, cancellationToken).ConfigureAwait(false);
        return data;
    }

    /// <summary>A CPU load into <paramref name="destination"/>.</summary>
    public async Task ReadAsync(ulong address, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        var requests = new List<Task>();
        var splitter = RequestSplitter.ForReads(address, destination.Length, Options.HostMaxReadRequestSize);
        while (splitter.TryGetNext(out RequestChunk chunk))
        {
            ushort tag = await AllocateTagAsync(cancellationToken).ConfigureAwait(false);
            TlpHeader request = chunk.ToMemoryRead(Options.RootId, tag);
            requests.Add(Issue(request, [], destination.Slice((int)chunk.Offset, chunk.ByteCount)));
        }

        await WaitAsync(Task.WhenAll(requests), $"memory read of {destination.Length} bytes at 0x{address:x}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A CPU store of <paramref name="data"/> at any address and alignment: MWrs of at most the link's Max_Payload_Size
    /// that never cross 4 KiB. Posted: done once sent.
    /// </summary>
    public Task WriteAsync(ulong address, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfFailed();
        var splitter = RequestSplitter.ForWrites(address, data.Length, LinkMaxPayloadSize);
        byte[] payload = ArrayPool<byte>.Shared.Rent(TlpHeader.MaxPayloadBytes);
        try
        {
            while (splitter.TryGetNext(out RequestChunk chunk))
            {
                chunk.CopyPayload(data.Span, payload);
                _downstream.Receive(chunk.ToMemoryWrite(Options.RootId), payload.AsSpan(0, chunk.PayloadBytes));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }

        return Task.CompletedTask;
    }

    /// <summary>Reads the byte at <paramref name="address"/>.</summary>
    public async Task<byte> ReadUInt8Async(ulong address) => (await ReadAsync(address, 1).ConfigureAwait(false))[0];

    /// <summary>Reads the little-endian word at <paramref name="address"/>.</summary>
    public async Task<ushort> ReadUInt16Async(ulong address) => BinaryPrimitives.ReadUInt16LittleEndian(await ReadAsync(address, sizeof(ushort)).ConfigureAwait(false));

    /// <summary>Reads the little-endian DW at <paramref name="address"/>.</summary>
    public async Task<uint> ReadUInt32Async(ulong address) => BinaryPrimitives.ReadUInt32LittleEndian(await ReadAsync(address, sizeof(uint)).ConfigureAwait(false));

    /// <summary>Reads the little-endian QW at <paramref name="address"/> (one 8-byte MRd when aligned).</summary>
    public async Task<ulong> ReadUInt64Async(ulong address) => BinaryPrimitives.ReadUInt64LittleEndian(await ReadAsync(address, sizeof(ulong)).ConfigureAwait(false));

    /// <summary>Writes a byte.</summary>
    public Task WriteUInt8Async(ulong address, byte value) => WriteAsync(address, new[] { value });

    /// <summary>Writes a little-endian word.</summary>
    public Task WriteUInt16Async(ulong address, ushort value) => WriteAsync(address, LittleEndian(value, sizeof(ushort)));

    /// <summary>Writes a little-endian DW.</summary>
    public Task WriteUInt32Async(ulong address, uint value) => WriteAsync(address, LittleEndian(value, sizeof(uint)));

    /// <summary>Writes a little-endian QW (one 8-byte MWr when aligned).</summary>
    public Task WriteUInt64Async(ulong address, ulong value) => WriteAsync(address, LittleEndian(value, sizeof(ulong)));

    /// <summary>Reads <paramref name="length"/> bytes of I/O space at <paramref name="address"/> (one IORd per DW touched).</summary>
    public async Task<byte[]> IoReadAsync(uint address, int length, CancellationToken cancellationToken = default)
    {
        byte[] data = new byte[length];
        await IoReadAsync(address, data, cancellationToken).ConfigureAwait(false);
        return data;
    }

    /// <summary>Reads I/O space at <paramref name="address"/> into <paramref name="destination"/>.</summary>
    public async Task IoReadAsync(uint address, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        int done = 0;
        while (done < destination.Length)
        {
            uint at = address + (uint)done;
            int count = Math.Min(DwordBytes - (int)(at % DwordBytes), destination.Length - done);
            ushort tag = await AllocateTagAsync(cancellationToken).ConfigureAwait(false);
            TlpHeader request = TlpHeader.IoRead(Options.RootId, tag, at, count);
            await WaitAsync(Issue(request, [], destination.Slice(done, count)), request.ToString(), cancellationToken).ConfigureAwait(false);
            done += count;
        }
    }

    /// <summary>Writes <paramref name="data"/> to I/O space at <paramref name="address"/> (one IOWr per DW touched, each awaited).</summary>
    public async Task IoWriteAsync(uint address, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        int done = 0;
        while (done < data.Length)
        {
            uint at = address + (uint)done;
            int count = Math.Min(DwordBytes - (int)(at % DwordBytes), data.Length - done);
            ushort tag = await AllocateTagAsync(cancellationToken).ConfigureAwait(false);
            TlpHeader request = TlpHeader.IoWrite(Options.RootId, tag, at, count);
            await WaitAsync(IssueWithLanes(request, (int)(at % DwordBytes), data.Span.Slice(done, count)), request.ToString(), cancellationToken).ConfigureAwait(false);
            done += count;
        }
    }

    /// <summary>Reads the I/O DW at <paramref name="address"/>.</summary>
    public async Task<uint> IoReadUInt32Async(uint address) => BinaryPrimitives.ReadUInt32LittleEndian(await IoReadAsync(address, sizeof(uint)).ConfigureAwait(false));

    /// <summary>Writes an I/O DW.</summary>
    public Task IoWriteUInt32Async(uint address, uint value) => IoWriteAsync(address, LittleEndian(value, sizeof(uint)));

    private static byte[] LittleEndian(ulong value, int size)
    {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++)
        {
            bytes[i] = (byte)(value >> (BitsPerByte * i));
        }

        return bytes;
    }

    private static void CheckConfigRange(int offset, int length)
    {
        if (offset < 0 || length < 0 || offset > ConfigSpace.Size - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{length} bytes at {offset} are outside the 4 KiB configuration space.");
        }
    }

    // A single-DW write request: the data sits in its byte lanes of the DW payload.
    private Task IssueWithLanes(in TlpHeader request, int lane, ReadOnlySpan<byte> data)
    {
        Span<byte> payload = stackalloc byte[DwordBytes];
        payload.Clear();
        data.CopyTo(payload[lane..]);
        return Issue(request, payload, Memory<byte>.Empty);
    }

    private async Task<ushort> AllocateTagAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        ushort tag;
        while (!_tags.TryAllocate(out tag))
        {
            // Every Tag is outstanding: a completion (or a timeout) frees one.
            await WaitAsync(Volatile.Read(ref _activity).Task, "a free Tag", cancellationToken).ConfigureAwait(false);
        }

        return tag;
    }

    // Tracks and sends one non-posted request; the task ends with its last completion.
    private Task Issue(in TlpHeader request, ReadOnlySpan<byte> payload, Memory<byte> destination)
    {
        var pending = new PendingRequest(request, Clock.GetTimestamp());
        lock (_lock)
        {
            _tracker.Track(request, destination, pending.IssuedAt);
            _pending[request.Tag] = pending;
            _pendingCount++;
        }

        try
        {
            _downstream.Receive(request, payload);
        }
        catch (Exception exception)
        {
            // A checker in Throw mode refused the request: it never left.
            End(pending);
            pending.Fail(exception);
        }

        return pending.Done.Task;
    }

    private void OnCompletion(in TlpHeader completion, ReadOnlySpan<byte> payload)
    {
        CompletionMatch match = _tracker.Match(completion, payload);
        PendingRequest? pending;
        lock (_lock)
        {
            pending = _pending[completion.Tag];
        }

        if (pending is null || match.Mismatch == CompletionMismatch.UnexpectedTag)
        {
            return; // an Unexpected Completion: the checker reports it
        }

        if (match.Outcome == CompletionMatchOutcome.Complete)
        {
            End(pending);
            pending.Done.TrySetResult();
        }
        else if (match.Mismatch == CompletionMismatch.StatusNotSuccessful)
        {
            End(pending);
            pending.Fail(new UnsuccessfulCompletionException(pending.Request, completion));
        }
        else if (match.Mismatch != CompletionMismatch.None)
        {
            _tracker.TryRemove(completion.Tag, out _);
            End(pending);
            pending.Fail(new CompletionMismatchException(match.Mismatch, pending.Request, completion));
        }
    }

    // Frees the request's Tag once, whoever ends it first (its completion, its timeout, a reset).
    private bool End(PendingRequest pending)
    {
        ushort tag = pending.Request.Tag;
        lock (_lock)
        {
            if (_pending[tag] != pending)
            {
                return false;
            }

            _pending[tag] = null;
            _pendingCount--;
        }

        _tags.Free(tag);
        Pulse();
        return true;
    }

    private void ExpireOwnRequests()
    {
        long timeout = Options.CompletionTimeout.Ticks;
        while (true)
        {
            int count = _tracker.RemoveTimedOut(Clock.GetTimestamp(), timeout, _expired);
            for (int i = 0; i < count; i++)
            {
                PendingRequest? pending;
                lock (_lock)
                {
                    pending = _pending[_expired[i].Tag];
                }

                if (pending is not null && End(pending))
                {
                    pending.Fail(new CompletionTimeoutException(pending.Request, Options.CompletionTimeout));
                }
            }

            Array.Clear(_expired);
            if (count < ExpiredBatch)
            {
                return;
            }
        }
    }

    private void FailAllPending(Func<TlpHeader, Exception> reason)
    {
        var ended = new List<PendingRequest>();
        lock (_lock)
        {
            foreach (PendingRequest? pending in _pending)
            {
                if (pending is not null)
                {
                    ended.Add(pending);
                }
            }
        }

        foreach (PendingRequest pending in ended)
        {
            _tracker.TryRemove(pending.Request.Tag, out _);
            if (End(pending))
            {
                pending.Fail(reason(pending.Request));
            }
        }
    }

    // The earliest simulated instant at which an outstanding request of the root complex times out.
    private bool TryGetNextDeadline(out TimeSpan deadline)
    {
        long earliest = long.MaxValue;
        lock (_lock)
        {
            if (_pendingCount > 0)
            {
                foreach (PendingRequest? pending in _pending)
                {
                    if (pending is not null && pending.IssuedAt < earliest)
                    {
                        earliest = pending.IssuedAt;
                    }
                }
            }
        }

        deadline = earliest == long.MaxValue ? default : TimeSpan.FromTicks(earliest) + Options.CompletionTimeout;
        return earliest != long.MaxValue;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    /// <summary>One outstanding non-posted request of the root complex.</summary>
    private sealed class PendingRequest(TlpHeader request, long issuedAt)
    {
        public TlpHeader Request { get; } = request;

        public long IssuedAt { get; } = issuedAt;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception exception) => Done.TrySetException(exception);
    }
}
