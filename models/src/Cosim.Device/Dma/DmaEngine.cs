using System.Buffers;
using System.Diagnostics;
using Cosim.Tlp;
using Cosim.Tlp.Transactions;

namespace Cosim.Device.Dma;

/// <summary>
/// The function's bus-master engine: <see cref="ReadAsync"/> and <see cref="WriteAsync"/> of host memory become
/// MemRd and MemWr TLPs, split by Max_Read_Request_Size, Max_Payload_Size and 4 KiB boundaries, with tags from the
/// function's tag space; completions are matched by tag and checked (byte count, lower address, length).
/// </summary>
/// <remarks>
/// When the upstream shares host memory (<see cref="IDirectMemoryPath"/>, the vfio-user endpoint with guest RAM
/// mapped) and accepts the transfer, it is one copy instead of TLPs; with anything between the function and that
/// upstream (a trace tap), or whenever it refuses, the transfer goes as TLPs.
/// </remarks>
// The semaphore never creates a wait handle (only WaitAsync/Release are used), so it holds nothing to dispose.
#pragma warning disable CA1001
public sealed class DmaEngine
#pragma warning restore CA1001
{
    private static readonly TimeSpan s_defaultCompletionTimeout = TimeSpan.FromSeconds(5);
    private static readonly Task<DmaStatus> s_success = Task.FromResult(DmaStatus.Success);

    private readonly EndpointFunction _function;
    private readonly CompletionTracker _tracker = new();
    private readonly TagAllocator _tags = new(TagSize.EightBit);
    private readonly SemaphoreSlim _freeTags;
    private readonly ReadOperation?[] _operations = new ReadOperation?[1024];
    private readonly object _operationsLock = new();
    private bool _loggedBusMaster;

    internal DmaEngine(EndpointFunction function)
    {
        _function = function;
        _freeTags = new SemaphoreSlim(_tags.Capacity, _tags.Capacity);
    }

    /// <summary>How long a read waits for its completions (PCIe's Completion Timeout; default 5 s).</summary>
    public TimeSpan CompletionTimeout { get; set; } = s_defaultCompletionTimeout;

    /// <summary>Reads <paramref name="destination"/>.Length bytes of host memory at <paramref name="address"/>.</summary>
    public async Task<DmaStatus> ReadAsync(ulong address, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (!CheckBusMaster("read", address, destination.Length))
        {
            return DmaStatus.BusMasterDisabled;
        }

        if (destination.IsEmpty)
        {
            return DmaStatus.Success;
        }

        if (_function.Upstream is IDirectMemoryPath direct && direct.TryReadMemory(address, destination.Span))
        {
            return DmaStatus.Success;
        }

        var operation = new ReadOperation();
        var tagsUsed = new List<ushort>();
        MaxReadRequestSize readLimit = TransferSizes.TryGetMaxReadRequestSize(_function.ConfigSpace.DeviceControl.MaxReadRequestSize, out MaxReadRequestSize mrrs)
            ? mrrs
            : MaxReadRequestSize.Bytes512;
        RequestSplitter splitter = RequestSplitter.ForReads(address, destination.Length, readLimit);
        try
        {
            // Each chunk's Tag is freed as soon as its last completion arrives (OnCompletion), so a transfer larger than
            // the Tag space (1 MB at a 512-byte MRRS is 2048 requests) keeps at most 256 requests outstanding.
            while (!operation.HasFailed && splitter.TryGetNext(out RequestChunk chunk))
            {
                if (!await _freeTags.WaitAsync(CompletionTimeout, cancellationToken).ConfigureAwait(false))
                {
                    // No Tag came free within a Completion Timeout: the requests that hold them are lost.
                    return DmaStatus.CompletionTimeout;
                }

                if (!_tags.TryAllocate(out ushort tag))
                {
                    throw new UnreachableException("A free-tag permit was granted with no free tag.");
                }

                tagsUsed.Add(tag);
                TlpHeader request = chunk.ToMemoryRead(_function.Id, tag);
                operation.AddChunk();
                lock (_operationsLock)
                {
                    _operations[tag] = operation;
                }

                _tracker.Track(request, destination.Slice((int)chunk.Offset, chunk.ByteCount), Stopwatch.GetTimestamp());
                _function.Upstream.Receive(request, []);
            }

            return await operation.Task.WaitAsync(CompletionTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return DmaStatus.CompletionTimeout;
        }
        finally
        {
            foreach (ushort tag in tagsUsed)
            {
                Release(tag, operation);
            }
        }
    }

    /// <summary>Writes <paramref name="source"/> to host memory at <paramref name="address"/> (posted: returns once sent).</summary>
    public Task<DmaStatus> WriteAsync(ulong address, ReadOnlyMemory<byte> source)
    {
        if (!CheckBusMaster("write", address, source.Length))
        {
            return Task.FromResult(DmaStatus.BusMasterDisabled);
        }

        if (_function.Upstream is IDirectMemoryPath direct && direct.TryWriteMemory(address, source.Span))
        {
            return s_success;
        }

        MaxPayloadSize payloadLimit = TransferSizes.TryGetMaxPayloadSize(_function.ConfigSpace.DeviceControl.MaxPayloadSize, out MaxPayloadSize mps)
            ? mps
            : MaxPayloadSize.Bytes128;
        RequestSplitter splitter = RequestSplitter.ForWrites(address, source.Length, payloadLimit);
        Span<byte> payload = stackalloc byte[TlpHeader.MaxPayloadBytes];
        ReadOnlySpan<byte> data = source.Span;
        while (splitter.TryGetNext(out RequestChunk chunk))
        {
            TlpHeader request = chunk.ToMemoryWrite(_function.Id);
            chunk.CopyPayload(data, payload);
            _function.Upstream.Receive(request, payload[..chunk.PayloadBytes]);
        }

        return s_success;
    }

    /// <summary>
    /// Lets <paramref name="fill"/> produce the <paramref name="length"/> bytes at <paramref name="address"/> straight
    /// in host memory, when the upstream shares it (<see cref="IDirectMemoryPath"/>); false when it does not (or Bus
    /// Master Enable is clear), and then nothing was written: use <see cref="WriteAsync"/>.
    /// </summary>
    public bool TryWriteInPlace<TState>(ulong address, int length, TState state, SpanAction<byte, TState> fill) =>
        length > 0 && _function.ConfigSpace.BusMasterEnable && _function.Upstream is IDirectMemoryPath direct
        && direct.TryWriteMemory(address, length, state, fill);

    internal void OnCompletion(in TlpHeader completion, ReadOnlySpan<byte> payload)
    {
        CompletionMatch match = _tracker.Match(completion, payload);
        ReadOperation? operation;
        lock (_operationsLock)
        {
            operation = completion.Tag < _operations.Length ? _operations[completion.Tag] : null;
        }

        if (match.Outcome == CompletionMatchOutcome.Complete)
        {
            operation?.ChunkDone(DmaStatus.Success);
            Release(completion.Tag, operation);
            return;
        }

        if (match.Mismatch == CompletionMismatch.None)
        {
            return;
        }

        DeviceLog.CompletionRejected(_function.LoggerForEngines, _function.GetType().Name, match.Mismatch.ToString(), completion.ToString());
        if (match.Mismatch == CompletionMismatch.StatusNotSuccessful)
        {
            operation?.ChunkDone(completion.Status switch
            {
                CompletionStatus.UnsupportedRequest => DmaStatus.UnsupportedRequest,
                CompletionStatus.CompleterAbort => DmaStatus.CompleterAbort,
                CompletionStatus.ConfigurationRequestRetry => DmaStatus.ConfigurationRequestRetry,
                _ => DmaStatus.UnsupportedRequest, // §2.3.2: a reserved status is treated as UR
            });
            Release(completion.Tag, operation);
        }
        else if (match.Mismatch == CompletionMismatch.Poisoned && _tracker.TryRemove(completion.Tag, out _))
        {
            operation?.ChunkDone(DmaStatus.Poisoned);
            Release(completion.Tag, operation);
        }
    }

    /// <summary>Ends every outstanding read with <see cref="DmaStatus.Aborted"/> (reset, link down).</summary>
    internal void FailOutstanding()
    {
        Span<OutstandingRequest> removed = new OutstandingRequest[_tags.Capacity];
        int count = _tracker.RemoveAll(removed);
        for (int i = 0; i < count; i++)
        {
            ReadOperation? operation;
            lock (_operationsLock)
            {
                operation = _operations[removed[i].Tag];
            }

            operation?.ChunkDone(DmaStatus.Aborted);
        }
    }

    // Frees a Tag once: by the completion that ended its request, or by the read that gave up on it (timeout,
    // cancellation, an earlier chunk's failure). A Tag already freed, or reused by another read, is left alone.
    private void Release(ushort tag, ReadOperation? owner)
    {
        lock (_operationsLock)
        {
            if (owner is null || _operations[tag] != owner)
            {
                return;
            }

            _operations[tag] = null;
        }

        _tracker.TryRemove(tag, out _);
        _tags.Free(tag);
        _freeTags.Release();
    }

    private bool CheckBusMaster(string direction, ulong address, int length)
    {
        if (_function.ConfigSpace.BusMasterEnable)
        {
            return true;
        }

        if (!_loggedBusMaster)
        {
            _loggedBusMaster = true;
            DeviceLog.DmaWithoutBusMaster(_function.LoggerForEngines, _function.GetType().Name, direction, length, address);
        }

        return false;
    }

    // One ReadAsync: done when every chunk completed; the first failure decides the status.
    private sealed class ReadOperation
    {
        private readonly TaskCompletionSource<DmaStatus> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _outstanding;
        private int _status = (int)DmaStatus.Success;
        private bool _sealed;

        public bool HasFailed
        {
            get
            {
                lock (this)
                {
                    return _status != (int)DmaStatus.Success;
                }
            }
        }

        public Task<DmaStatus> Task
        {
            get
            {
                lock (this)
                {
                    _sealed = true;
                    if (_outstanding == 0 || _status != (int)DmaStatus.Success)
                    {
                        _done.TrySetResult((DmaStatus)_status);
                    }
                }

                return _done.Task;
            }
        }

        public void AddChunk()
        {
            lock (this)
            {
                _outstanding++;
            }
        }

        public void ChunkDone(DmaStatus status)
        {
            lock (this)
            {
                if (status != DmaStatus.Success && _status == (int)DmaStatus.Success)
                {
                    _status = (int)status;
                }

                _outstanding--;
                if (_sealed && (_outstanding == 0 || status != DmaStatus.Success))
                {
                    _done.TrySetResult((DmaStatus)_status);
                }
            }
        }
    }
}
