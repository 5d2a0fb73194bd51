namespace Cosim.Models.Tests.Edu;

/// <summary>
/// A scheduler that runs nothing until the test says so: background work a model queues (a computation, a DMA)
/// stays pending, so a test can observe the "busy" state deterministically and then let it finish.
/// </summary>
internal sealed class ManualTaskScheduler : TaskScheduler
{
    private readonly Queue<Task> _queued = new();

    public int Pending => _queued.Count;

    /// <summary>Runs every queued task on the calling thread, in order.</summary>
    public void RunAll()
    {
        while (_queued.TryDequeue(out Task? task))
        {
            TryExecuteTask(task);
        }
    }

    protected override void QueueTask(Task task) => _queued.Enqueue(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => [.. _queued];
}
