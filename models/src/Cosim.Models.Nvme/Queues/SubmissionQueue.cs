using Cosim.Device.Dma;
using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Queues;

/// <summary>
/// A Submission Queue in host memory (NVMe Base 1.4 §4.1): physically contiguous, <see cref="Size"/> entries of 64
/// bytes. The host owns the tail (the SQ tail doorbell); the controller owns the head and reports it in every
/// completion. A worker task per queue fetches what the doorbell announced and runs up to a fixed number of
/// commands at once; each command posts its own completion to <see cref="CompletionQueue"/>.
/// </summary>
internal sealed partial class SubmissionQueue
{
    /// <summary>Most entries fetched by one DMA read.</summary>
    public const int FetchBatch = 16;

    private readonly AsyncSignal _doorbell = new();
    private readonly byte[] _shadowScratch = new byte[sizeof(uint)];
    private readonly IQueueServices _services;
    private int _head;
    private int _tail;
    private volatile bool _stopFetching;
    private Task _worker = Task.CompletedTask;

    public SubmissionQueue(ushort id, ulong baseAddress, int size, CompletionQueue completionQueue, IQueueServices services)
    {
        Id = id;
        BaseAddress = baseAddress;
        Size = size;
        CompletionQueue = completionQueue;
        _services = services;
    }

    /// <summary>SQID.</summary>
    public ushort Id { get; }

    /// <summary>PRP Entry 1 of Create I/O Submission Queue (ASQ for the admin queue).</summary>
    public ulong BaseAddress { get; }

    /// <summary>Entries (QSIZE + 1).</summary>
    public int Size { get; }

    /// <summary>Where this queue's commands complete.</summary>
    public CompletionQueue CompletionQueue { get; }

    /// <summary>SQHD: the next entry the controller fetches.</summary>
    public int Head => Volatile.Read(ref _head);

    /// <summary>The worker (fetch loop and the commands it started); complete once it stopped and they finished.</summary>
    public Task Worker => _worker;

    /// <summary>
    /// The host wrote the SQ tail doorbell. A tail beyond the queue is an invalid doorbell write value: refused.
    /// Never blocks (called from a register callback).
    /// </summary>
    public bool TryRingDoorbell(int tail)
    {
        if (tail < 0 || tail >= Size)
        {
            return false;
        }

        Volatile.Write(ref _tail, tail);
        _doorbell.Set();
        return true;
    }

    /// <summary>Starts the worker: <paramref name="maxInFlight"/> commands at a time (1 for the admin queue).</summary>
    public void Start(ICommandProcessor processor, int maxInFlight, CancellationToken cancellationToken) =>
        _worker = Task.Run(() => RunAsync(processor, maxInFlight, cancellationToken), CancellationToken.None);

    /// <summary>Stops fetching; completes when the commands already fetched have completed.</summary>
    public Task StopFetchingAsync()
    {
        _stopFetching = true;
        _doorbell.Set();
        return _worker;
    }

    /// <summary>
    /// Completes every entry the host submitted but the controller never fetched with Command Aborted due to SQ
    /// Deletion (after <see cref="StopFetchingAsync"/>, before the queue goes away).
    /// </summary>
    public async Task AbortUnfetchedAsync(CancellationToken cancellationToken)
    {
        byte[] entry = new byte[SubmissionQueueEntry.Size];
        int tail = await ReadTailAsync(cancellationToken).ConfigureAwait(false);
        while (Head != tail)
        {
            int head = Head;
            DmaStatus status = await _services.Host.ReadAsync(EntryAddress(head), entry, cancellationToken).ConfigureAwait(false);
            if (status != DmaStatus.Success)
            {
                _services.OnQueueFailed(Id, $"fetching entry {head} failed ({status})");
                return;
            }

            Volatile.Write(ref _head, (head + 1) % Size);
            var command = SubmissionQueueEntry.Decode(entry);
            var completion = new CompletionQueueEntry(0, (ushort)Head, Id, command.CommandId, NvmeStatus.CommandAbortedDueToSqDeletion);
            if (!await CompletionQueue.PostAsync(completion, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private ulong EntryAddress(int index) => BaseAddress + ((ulong)index * SubmissionQueueEntry.Size);
}
