using Cosim.Device.Dma;

namespace Cosim.Models.Nvme.Queues;

/// <summary>
/// A Completion Queue in host memory (NVMe Base 1.4 §4.1, §4.6): physically contiguous, <see cref="Size"/> entries of
/// 16 bytes. The controller owns the tail and the Phase Tag (1 on the first pass, inverted at each wrap); the host
/// owns the head, which it moves with the CQ head doorbell. The queue is full when the tail is one behind the head;
/// posting then waits for the host. Entries are posted one at a time, in order.
/// </summary>
// The semaphore never creates a wait handle (only WaitAsync/Wait(0)/Release are used): nothing to dispose.
#pragma warning disable CA1001
internal sealed class CompletionQueue
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim _postLock = new(1, 1);
    private readonly AsyncSignal _headMoved = new();
    private readonly byte[] _entry = new byte[CompletionQueueEntry.Size];
    private readonly byte[] _shadowScratch = new byte[sizeof(uint)];
    private readonly IQueueServices _services;
    private int _head;
    private int _tail;
    private int _tailAfterPost;
    private bool _phase = true;
    private int _submissionQueues;

    public CompletionQueue(ushort id, ulong baseAddress, int size, bool interruptsEnabled, int interruptVector, IQueueServices services)
    {
        Id = id;
        BaseAddress = baseAddress;
        Size = size;
        InterruptsEnabled = interruptsEnabled;
        InterruptVector = interruptVector;
        _services = services;
    }

    /// <summary>CQID.</summary>
    public ushort Id { get; }

    /// <summary>PRP Entry 1 of Create I/O Completion Queue (ACQ for the admin queue).</summary>
    public ulong BaseAddress { get; }

    /// <summary>Entries (QSIZE + 1).</summary>
    public int Size { get; }

    /// <summary>IEN (Interrupts Enabled).</summary>
    public bool InterruptsEnabled { get; }

    /// <summary>IV (Interrupt Vector): the MSI-X entry or MSI vector.</summary>
    public int InterruptVector { get; }

    /// <summary>Entries posted that the host has not consumed (tail minus head).</summary>
    public int Pending => (Volatile.Read(ref _tail) - Volatile.Read(ref _head) + Size) % Size;

    /// <summary>Submission Queues that post here (a Completion Queue with any cannot be deleted).</summary>
    public int SubmissionQueueCount => Volatile.Read(ref _submissionQueues);

    /// <summary>The current tail (tests).</summary>
    internal int Tail => Volatile.Read(ref _tail);

    public void AttachSubmissionQueue() => Interlocked.Increment(ref _submissionQueues);

    public void DetachSubmissionQueue() => Interlocked.Decrement(ref _submissionQueues);

    /// <summary>
    /// The host wrote the CQ head doorbell. A head beyond the entries posted (or beyond the queue) is an invalid
    /// doorbell write value: refused, nothing changes.
    /// </summary>
    public bool TryUpdateHead(int head)
    {
        // The entry being posted counts: the host may see it (and consume it) before the DMA write returns here.
        int current = Volatile.Read(ref _head);
        int posted = (Volatile.Read(ref _tailAfterPost) - current + Size) % Size;
        if (head < 0 || head >= Size || (head - current + Size) % Size > posted)
        {
            return false;
        }

        Volatile.Write(ref _head, head);
        _headMoved.Set();
        return true;
    }

    /// <summary>
    /// With a shadow doorbell, sets EventIdx to <paramref name="head"/> so that the host rings the MMIO head doorbell
    /// on its next update too (INTx follows the entries the host has not consumed, so it must hear of each).
    /// </summary>
    public void KeepHeadDoorbellRinging(int head)
    {
        if (Id != 0 && _services.ShadowDoorbells is { } shadow)
        {
            _ = shadow.WriteEventIndexAsync(_services.Host, Id, completionQueue: true, head, new byte[sizeof(uint)]).AsTask();
        }
    }

    /// <summary>
    /// Posts <paramref name="entry"/> at the tail, waiting while the queue is full; false when the write failed
    /// (the caller reports it). Raises the queue's interrupt after the entry is written.
    /// </summary>
    public async Task<bool> PostAsync(CompletionQueueEntry entry, CancellationToken cancellationToken)
    {
        await _postLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        DmaStatus status;
        try
        {
            while (IsFull)
            {
                if (await StillFullWithShadowDoorbellAsync(cancellationToken).ConfigureAwait(false))
                {
                    await _headMoved.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            status = await WriteAtTailAsync(entry).ConfigureAwait(false);
        }
        finally
        {
            _postLock.Release();
        }

        return Posted(status);
    }

    /// <summary>Posts <paramref name="entry"/> only if nobody else is posting and there is room (after a reset's drain).</summary>
    public async Task<bool> TryPostNowAsync(CompletionQueueEntry entry)
    {
        if (!_postLock.Wait(0))
        {
            return false;
        }

        DmaStatus status;
        try
        {
            if (IsFull)
            {
                return false;
            }

            status = await WriteAtTailAsync(entry).ConfigureAwait(false);
        }
        finally
        {
            _postLock.Release();
        }

        return Posted(status);
    }

    // Full by the MMIO head. With a shadow doorbell the host may have consumed entries without ringing: take the
    // shadow head; if still full, EventIdx = head (the host's next head update rings) and one more look.
    private async ValueTask<bool> StillFullWithShadowDoorbellAsync(CancellationToken cancellationToken)
    {
        if (Id == 0 || _services.ShadowDoorbells is not { } shadow)
        {
            return true;
        }

        if (await shadow.ReadAsync(_services.Host, Id, completionQueue: true, _shadowScratch, cancellationToken).ConfigureAwait(false) is { } head
            && TryUpdateHead(head) && !IsFull)
        {
            return false;
        }

        await shadow.WriteEventIndexAsync(_services.Host, Id, completionQueue: true, Volatile.Read(ref _head), _shadowScratch).ConfigureAwait(false);
        return !(await shadow.ReadAsync(_services.Host, Id, completionQueue: true, _shadowScratch, cancellationToken).ConfigureAwait(false) is { } again
            && TryUpdateHead(again) && !IsFull);
    }

    private bool IsFull => (Volatile.Read(ref _tail) + 1) % Size == Volatile.Read(ref _head);

    private async Task<DmaStatus> WriteAtTailAsync(CompletionQueueEntry entry)
    {
        entry.Encode(_entry, _phase);
        int tail = _tail;
        Volatile.Write(ref _tailAfterPost, (tail + 1) % Size);
        DmaStatus status = await _services.Host.WriteAsync(BaseAddress + ((ulong)tail * CompletionQueueEntry.Size), _entry).ConfigureAwait(false);
        if (status == DmaStatus.Success)
        {
            int next = tail + 1;
            if (next == Size)
            {
                // §4.6: the Phase Tag is inverted each pass through the queue.
                next = 0;
                _phase = !_phase;
            }

            Volatile.Write(ref _tail, next);
        }
        else
        {
            Volatile.Write(ref _tailAfterPost, tail);
        }

        return status;
    }

    private bool Posted(DmaStatus status)
    {
        if (status != DmaStatus.Success)
        {
            _services.OnQueueFailed(Id, $"posting a completion failed ({status})");
            return false;
        }

        _services.OnCompletionPosted(this);
        return true;
    }
}
