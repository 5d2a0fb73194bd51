using System.Buffers;
using Cosim.Device.Dma;
using Cosim.Models.Nvme.Commands;
using Cosim.Models.Nvme.Commands.Admin;
using Cosim.Models.Nvme.Commands.Io;
using Cosim.Models.Nvme.Queues;
using Cosim.Models.Nvme.Storage;
using Microsoft.Extensions.Logging;

namespace Cosim.Models.Nvme;

/// <summary>
/// The controller's state from CC.EN 0→1 to the next reset (NVMe Base 1.4 §7.6): the admin and I/O queues, the
/// features the host set, the outstanding Asynchronous Event Requests, and the token that a reset cancels. A reset
/// ends the session; the next enable starts a new one, so nothing of the old leaks into the new.
/// </summary>
/// <remarks>
/// The session stands between its queues and the controller (<see cref="IQueueServices"/>, <see cref="IHostMemory"/>)
/// so that it can fence them: once a function reset abandons the session, or a controller reset has drained it, its
/// tasks can no longer reach host memory or report failures, whatever they were doing.
/// </remarks>
internal sealed class ControllerSession : IDisposable, IQueueServices, IHostMemory
{
    /// <summary>I/O commands one Submission Queue runs at once.</summary>
    public const int IoCommandsInFlight = 64;

    private readonly CancellationTokenSource _reset = new();
    private readonly SubmissionQueue?[] _submissionQueues;
    private readonly CompletionQueue?[] _completionQueues;
    private readonly AdminCommandProcessor _admin;
    private readonly IoCommandProcessor _io;
    private readonly IQueueServices _controller;
    private volatile bool _fenced;
    private ShadowDoorbells? _shadowDoorbells;

    public ControllerSession(ControllerProfile profile, NamespaceStore store, HealthCounters counters, IQueueServices controller, int pageSize, AdminQueueAttributes adminQueues)
    {
        Profile = profile;
        _controller = controller;
        PageSize = pageSize;
        _submissionQueues = new SubmissionQueue?[profile.IoQueueCount + 1];
        _completionQueues = new CompletionQueue?[profile.IoQueueCount + 1];
        Features = new ControllerFeatures(profile.IoQueueCount);
        Events = new AsyncEventQueue(this);
        _admin = new AdminCommandProcessor(this, store, counters);
        _io = new IoCommandProcessor(this, store, counters);

        var adminCompletion = new CompletionQueue(0, adminQueues.CompletionQueueBase, adminQueues.CompletionQueueSize, interruptsEnabled: true, interruptVector: 0, this);
        AdminSubmissionQueue = new SubmissionQueue(0, adminQueues.SubmissionQueueBase, adminQueues.SubmissionQueueSize, adminCompletion, this);
        adminCompletion.AttachSubmissionQueue();
        _completionQueues[0] = adminCompletion;
        _submissionQueues[0] = AdminSubmissionQueue;
    }

    public ControllerProfile Profile { get; }

    /// <summary>What the queues and command processors of this session use: the session itself, fenced on reset.</summary>
    public IQueueServices Services => this;

    IHostMemory IQueueServices.Host => this;

    ILogger IQueueServices.Logger => _controller.Logger;

    /// <summary>The memory page size (CC.MPS) that PRP entries use.</summary>
    public int PageSize { get; }

    /// <summary>CC.IOSQES and CC.IOCQES as the host last wrote them (checked when I/O queues are created).</summary>
    public (int Submission, int Completion) IoQueueEntrySizes { get; set; }

    public ControllerFeatures Features { get; }

    /// <summary>The Shadow Doorbell and EventIdx buffers, once Doorbell Buffer Config set them (until the next reset).</summary>
    public ShadowDoorbells? ShadowDoorbells
    {
        get => Volatile.Read(ref _shadowDoorbells);
        set => Volatile.Write(ref _shadowDoorbells, value);
    }

    public AsyncEventQueue Events { get; }

    public SubmissionQueue AdminSubmissionQueue { get; }

    /// <summary>Cancelled by a controller reset: in-flight commands stop and post nothing.</summary>
    public CancellationToken ResetToken => _reset.Token;

    /// <summary>Highest queue identifier the controller offers.</summary>
    public int MaxQueueId => _submissionQueues.Length - 1;

    /// <summary>Starts the admin queue's worker.</summary>
    public void Start() => AdminSubmissionQueue.Start(_admin, maxInFlight: 1, ResetToken);

    public SubmissionQueue? GetSubmissionQueue(int id) => (uint)id < (uint)_submissionQueues.Length ? Volatile.Read(ref _submissionQueues[id]) : null;

    public CompletionQueue? GetCompletionQueue(int id) => (uint)id < (uint)_completionQueues.Length ? Volatile.Read(ref _completionQueues[id]) : null;

    /// <summary>Whether any I/O queue exists (the Number of Queues feature is fixed from then on).</summary>
    public bool HasIoQueues()
    {
        for (int id = 1; id < _completionQueues.Length; id++)
        {
            if (GetCompletionQueue(id) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Each existing Completion Queue (INTx level, INTMS/INTMC).</summary>
    public IEnumerable<CompletionQueue> CompletionQueues()
    {
        for (int id = 0; id < _completionQueues.Length; id++)
        {
            if (GetCompletionQueue(id) is { } queue)
            {
                yield return queue;
            }
        }
    }

    public void AddCompletionQueue(CompletionQueue queue) => Volatile.Write(ref _completionQueues[queue.Id], queue);

    public void RemoveCompletionQueue(ushort id) => Volatile.Write(ref _completionQueues[id], null);

    /// <summary>Publishes an I/O Submission Queue (its doorbell works from now on) and starts its worker.</summary>
    public void AddSubmissionQueue(SubmissionQueue queue)
    {
        queue.CompletionQueue.AttachSubmissionQueue();
        queue.Start(_io, IoCommandsInFlight, ResetToken);
        Volatile.Write(ref _submissionQueues[queue.Id], queue);
    }

    /// <summary>Unpublishes an I/O Submission Queue (its doorbell is invalid from now on).</summary>
    public void RemoveSubmissionQueue(SubmissionQueue queue)
    {
        Volatile.Write(ref _submissionQueues[queue.Id], null);
        queue.CompletionQueue.DetachSubmissionQueue();
    }

    /// <summary>
    /// Controller reset (CC.EN 1→0): cancels every command, waits until no task of this session touches host memory
    /// or the file any more, then completes the outstanding Asynchronous Event Requests as aborted if the admin
    /// Completion Queue has room.
    /// </summary>
    public async Task ResetAsync()
    {
        await _reset.CancelAsync().ConfigureAwait(false);
        await DrainAsync().ConfigureAwait(false);
        await Events.AbortOutstandingAsync().ConfigureAwait(false);
        _fenced = true;
    }

    /// <summary>
    /// Cancels every command (function reset: the registers are already back at reset values). Runs off the caller's
    /// thread, which holds the gate: cancellation callbacks must not run under it.
    /// </summary>
    public Task AbandonAsync()
    {
        _fenced = true;
        return Task.Run(async () =>
        {
            await _reset.CancelAsync().ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
        });
    }

    Task<DmaStatus> IHostMemory.ReadAsync(ulong address, Memory<byte> destination, CancellationToken cancellationToken) =>
        _fenced ? Task.FromResult(DmaStatus.Aborted) : _controller.Host.ReadAsync(address, destination, cancellationToken);

    Task<DmaStatus> IHostMemory.WriteAsync(ulong address, ReadOnlyMemory<byte> source) =>
        _fenced ? Task.FromResult(DmaStatus.Aborted) : _controller.Host.WriteAsync(address, source);

    bool IHostMemory.TryWriteInPlace<TState>(ulong address, int length, TState state, SpanAction<byte, TState> fill) =>
        !_fenced && _controller.Host.TryWriteInPlace(address, length, state, fill);

    void IQueueServices.OnCompletionPosted(CompletionQueue queue)
    {
        if (!_fenced)
        {
            _controller.OnCompletionPosted(queue);
        }
    }

    void IQueueServices.OnCompletionQueuesChanged()
    {
        if (!_fenced)
        {
            _controller.OnCompletionQueuesChanged();
        }
    }

    void IQueueServices.OnQueueFailed(ushort queueId, string what)
    {
        if (!_fenced)
        {
            _controller.OnQueueFailed(queueId, what);
        }
    }

    /// <summary>
    /// Shutdown notification (CC.SHN): stops fetching, lets the commands already fetched complete, then completes
    /// the outstanding Asynchronous Event Requests as aborted.
    /// </summary>
    public async Task ShutdownAsync()
    {
        var workers = new List<Task>();
        for (int id = 0; id < _submissionQueues.Length; id++)
        {
            if (GetSubmissionQueue(id) is { } queue)
            {
                workers.Add(queue.StopFetchingAsync());
            }
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        await Events.AbortOutstandingAsync().ConfigureAwait(false);
    }

    public void Dispose() => _reset.Dispose();

    private Task DrainAsync()
    {
        var workers = new List<Task>();
        for (int id = 0; id < _submissionQueues.Length; id++)
        {
            if (GetSubmissionQueue(id) is { } queue)
            {
                workers.Add(queue.Worker);
            }
        }

        return Task.WhenAll(workers);
    }
}
