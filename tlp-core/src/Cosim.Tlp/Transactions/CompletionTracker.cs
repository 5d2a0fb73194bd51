namespace Cosim.Tlp.Transactions;

/// <summary>
/// The outstanding-request table of a Requester: registers each non-posted request by Tag, checks every completion
/// against it (PCIe Base 6.0 §2.2.9, §2.3.1.1, §2.3.2), copies read data to the caller's buffer at the right offset
/// and says when a request is done. Thread-safe; the tables are sized once (one slot per 10-bit Tag value), so
/// tracking and matching allocate nothing.
/// </summary>
/// <remarks>
/// <para>
/// A completion belongs to the request with the same Transaction ID, Requester ID and Tag (§2.2.6.2). Slots are
/// indexed by Tag: one tracker serves one Tag space, such as a Function's or a Root Complex's.
/// </para>
/// <para>
/// No clock runs inside: the caller stamps each request with its own time (<see cref="Track(in TlpHeader, Memory{byte}, long)"/>)
/// and asks for the expired ones with its own "now" (<see cref="RemoveTimedOut"/>), so tests are deterministic.
/// </para>
/// </remarks>
public sealed partial class CompletionTracker
{
    private const int TagCount = TlpHeader.MaxTag + 1;

    private readonly Lock _lock = new();
    private readonly Slot[] _slots = new Slot[TagCount];
    private readonly ushort[] _active = new ushort[TagCount];
    private readonly int _maxPayloadBytes;
    private readonly int _boundaryBytes;
    private int _activeCount;

    /// <summary>A tracker that checks completions against a Receiver's limits.</summary>
    /// <param name="maxPayloadSize">This Receiver's Max_Payload_Size: larger completions are refused.</param>
    /// <param name="readCompletionBoundary">The Completer's RCB, to check that completions split only on its multiples; null skips the optional check.</param>
    public CompletionTracker(MaxPayloadSize maxPayloadSize = MaxPayloadSize.Bytes4096, ReadCompletionBoundary? readCompletionBoundary = null)
    {
        _maxPayloadBytes = maxPayloadSize.ToBytes();
        _boundaryBytes = readCompletionBoundary?.ToBytes() ?? 0;
    }

    /// <summary>Number of outstanding requests.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _activeCount;
            }
        }
    }

    /// <summary>Registers a non-posted request that returns no data (IOWr, CfgWr).</summary>
    public void Track(in TlpHeader request, long timestamp) => Track(request, Memory<byte>.Empty, timestamp);

    /// <summary>Registers a non-posted request under its Tag.</summary>
    /// <param name="request">MRd, MRdLk, IORd, IOWr, CfgRd, CfgWr or an AtomicOp.</param>
    /// <param name="destination">
    /// Where its data goes: the requested bytes (first to last enabled byte) in address order, so at least Table 2-37's
    /// byte count for a memory read (0 for a zero-length read), the enabled span of the DW for I/O and configuration
    /// reads, and the operand size for AtomicOps. The tracker holds it until the request ends.
    /// </param>
    /// <param name="timestamp">The caller's time of issue, for <see cref="RemoveTimedOut"/>.</param>
    /// <exception cref="ArgumentException">A posted request or completion, malformed byte enables, or a destination that is too small.</exception>
    /// <exception cref="InvalidOperationException">The Tag is already outstanding.</exception>
    public void Track(in TlpHeader request, Memory<byte> destination, long timestamp)
    {
        if (!request.IsNonPosted)
        {
            throw new ArgumentException($"{request.Kind} gets no completion; only non-posted requests are tracked.", nameof(request));
        }

        if (request.Tag > TlpHeader.MaxTag)
        {
            throw new ArgumentException($"Tag 0x{request.Tag:x} does not fit the 10-bit Tag field.", nameof(request));
        }

        RequestedData requested = RequestedData.From(request);
        if (destination.Length < requested.DataBytes)
        {
            throw new ArgumentException($"The request returns {requested.DataBytes} bytes; the destination holds {destination.Length}.", nameof(destination));
        }

        lock (_lock)
        {
            ref Slot slot = ref _slots[request.Tag];
            if (slot.InUse)
            {
                throw new InvalidOperationException(
                    $"Tag 0x{request.Tag:x3} is already outstanding for {slot.Request.RequesterId}; §2.2.6.2 requires a unique Transaction ID per outstanding request.");
            }

            slot = new Slot
            {
                InUse = true,
                Request = request,
                Requested = requested,
                Destination = destination,
                Timestamp = timestamp,
                NextAddress = requested.FirstByteAddress,
                RemainingByteCount = requested.ByteCount,
                BytesReceived = 0,
                ActiveIndex = _activeCount,
            };
            _active[_activeCount++] = request.Tag;
        }
    }

    /// <summary>Looks up the outstanding request with <paramref name="tag"/> without changing it.</summary>
    public bool TryGet(ushort tag, out OutstandingRequest request)
    {
        lock (_lock)
        {
            if (tag >= TagCount || !_slots[tag].InUse)
            {
                request = default;
                return false;
            }

            request = _slots[tag].Snapshot();
            return true;
        }
    }

    /// <summary>Stops tracking the request with <paramref name="tag"/> (the caller gave up on it); false if none was outstanding.</summary>
    public bool TryRemove(ushort tag, out OutstandingRequest request)
    {
        lock (_lock)
        {
            if (tag >= TagCount || !_slots[tag].InUse)
            {
                request = default;
                return false;
            }

            request = _slots[tag].Snapshot();
            Release(tag);
            return true;
        }
    }

    /// <summary>
    /// Stops tracking every outstanding request (link down, reset) and reports them in <paramref name="removed"/>.
    /// Removes at most <c>removed.Length</c>; call again until it returns 0.
    /// </summary>
    /// <returns>How many requests were removed and written to <paramref name="removed"/>.</returns>
    public int RemoveAll(Span<OutstandingRequest> removed)
    {
        lock (_lock)
        {
            int count = 0;
            while (_activeCount > 0 && count < removed.Length)
            {
                ushort tag = _active[_activeCount - 1];
                removed[count++] = _slots[tag].Snapshot();
                Release(tag);
            }

            return count;
        }
    }

    /// <summary>
    /// Stops tracking the requests whose Completion Timeout has expired, <c>now − timestamp ≥ timeout</c> in the
    /// caller's time unit (§2.8), and reports them in <paramref name="removed"/>. Removes at most
    /// <c>removed.Length</c>; call again until it returns 0.
    /// </summary>
    /// <returns>How many requests were removed and written to <paramref name="removed"/>.</returns>
    public int RemoveTimedOut(long now, long timeout, Span<OutstandingRequest> removed)
    {
        lock (_lock)
        {
            int count = 0;
            int index = 0;
            while (index < _activeCount && count < removed.Length)
            {
                ushort tag = _active[index];
                if (now - _slots[tag].Timestamp >= timeout)
                {
                    removed[count++] = _slots[tag].Snapshot();
                    Release(tag);

                    // Release moved the last active tag into this index: look at it next.
                    continue;
                }

                index++;
            }

            return count;
        }
    }

    /// <summary>Frees the slot of <paramref name="tag"/>; the caller holds the lock.</summary>
    private void Release(ushort tag)
    {
        ref Slot slot = ref _slots[tag];
        int index = slot.ActiveIndex;
        ushort moved = _active[--_activeCount];
        _active[index] = moved;
        _slots[moved].ActiveIndex = index;
        slot = default;
    }

    /// <summary>One outstanding request: what it asked for and how far its completions have got.</summary>
    private struct Slot
    {
        public bool InUse;
        public TlpHeader Request;
        public RequestedData Requested;
        public Memory<byte> Destination;
        public long Timestamp;
        public ulong NextAddress;
        public int RemainingByteCount;
        public int BytesReceived;
        public int ActiveIndex;

        public readonly OutstandingRequest Snapshot() =>
            new(Request, Destination, Timestamp, RemainingByteCount, BytesReceived);
    }
}
