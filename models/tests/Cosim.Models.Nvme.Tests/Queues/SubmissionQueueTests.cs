using Cosim.Models.Nvme.Commands;
using Cosim.Models.Nvme.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cosim.Models.Nvme.Tests.Queues;

public sealed class SubmissionQueueTests : IQueueServices
{
    private readonly FakeHostMemory _memory = new();
    private readonly List<string> _failures = [];

    IHostMemory IQueueServices.Host => _memory;

    ILogger IQueueServices.Logger => NullLogger.Instance;

    [Fact]
    public async Task EntriesNeverFetchedAreCompletedAsAbortedDueToSqDeletion()
    {
        var completionQueue = new CompletionQueue(1, 0x10_0000, 8, interruptsEnabled: false, interruptVector: 0, this);
        var queue = new SubmissionQueue(1, 0x20_0000, 4, completionQueue, this);
        _memory.Store(0x20_0000, new NvmeCommand(0x01, 1).Encode(0x0A));
        _memory.Store(0x20_0040, new NvmeCommand(0x02, 1).Encode(0x0B));
        Assert.True(queue.TryRingDoorbell(2)); // no worker: nothing fetches them

        await queue.AbortUnfetchedAsync(default);

        Completion first = Completion.Decode(_memory.Writes[0].Data);
        Completion second = Completion.Decode(_memory.Writes[1].Data);
        Assert.Equal((0x0A, NvmeStatus.CommandAbortedDueToSqDeletion, 1, true), (first.CommandId, first.Status, first.SubmissionQueueHead, first.Phase));
        Assert.Equal((0x0B, NvmeStatus.CommandAbortedDueToSqDeletion, 2, true), (second.CommandId, second.Status, second.SubmissionQueueHead, second.Phase));
        Assert.Equal(2, queue.Head);
        Assert.Empty(_failures);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    public void ATailBeyondTheQueueIsRefused(int tail)
    {
        var queue = new SubmissionQueue(1, 0x20_0000, 4, new CompletionQueue(1, 0x10_0000, 8, false, 0, this), this);

        Assert.False(queue.TryRingDoorbell(tail));
    }

    [Fact]
    public void ACompletionQueueHeadMayOnlyMoveOverPostedEntries()
    {
        var queue = new CompletionQueue(1, 0x10_0000, 8, false, 0, this);

        Assert.True(queue.TryUpdateHead(0));  // nothing posted: staying put is fine
        Assert.False(queue.TryUpdateHead(1)); // nothing posted at 0
        Assert.False(queue.TryUpdateHead(8)); // beyond the queue
    }

    [Fact]
    public async Task TheHostMayConsumeACompletionBeforeItsPostReturns()
    {
        // Shared guest memory: the driver sees the entry's Phase Tag as soon as the bytes land and may ring the CQ
        // head doorbell while the controller is still between the write and its own bookkeeping.
        var queue = new CompletionQueue(1, 0x10_0000, 8, false, 0, this);
        bool? accepted = null;
        _memory.AfterWrite = _ => accepted ??= queue.TryUpdateHead(1);

        Assert.True(await queue.PostAsync(new CompletionQueueEntry(0, 1, 1, 0x0A, NvmeStatus.Success), default));

        Assert.True(accepted);
        Assert.Equal(0, queue.Pending);
        Assert.False(queue.TryUpdateHead(2)); // the next entry is not posted yet
    }

    [Fact]
    public async Task AFetchThatFailsReportsTheQueueAsFailed()
    {
        var completionQueue = new CompletionQueue(1, 0x10_0000, 8, false, 0, this);
        var queue = new SubmissionQueue(1, 0x20_0000, 4, completionQueue, this);
        _memory.FailReads(0x20_0000, 256);
        queue.Start(new NeverCalled(), 4, default);

        queue.TryRingDoorbell(1);
        await queue.Worker.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Single(_failures);
    }

    void IQueueServices.OnCompletionPosted(CompletionQueue queue)
    {
    }

    void IQueueServices.OnCompletionQueuesChanged()
    {
    }

    void IQueueServices.OnQueueFailed(ushort queueId, string what) => _failures.Add(what);

    private sealed class NeverCalled : ICommandProcessor
    {
        public ValueTask<CommandResult> ExecuteAsync(SubmissionQueueEntry command, SubmissionQueue queue, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no command should run");
    }
}
