using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme.Commands;

/// <summary>Executes the commands of one command set (admin or NVM I/O) fetched from a Submission Queue.</summary>
internal interface ICommandProcessor
{
    /// <summary>Executes <paramref name="command"/>; throws <see cref="OperationCanceledException"/> only when the controller resets.</summary>
    ValueTask<CommandResult> ExecuteAsync(SubmissionQueueEntry command, SubmissionQueue queue, CancellationToken cancellationToken);
}
