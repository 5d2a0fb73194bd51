namespace Cosim.Models.Nvme;

/// <summary>The admin queues as AQA, ASQ and ACQ describe them at CC.EN 0→1.</summary>
internal readonly record struct AdminQueueAttributes(ulong SubmissionQueueBase, int SubmissionQueueSize, ulong CompletionQueueBase, int CompletionQueueSize);
