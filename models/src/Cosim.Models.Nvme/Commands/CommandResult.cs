namespace Cosim.Models.Nvme.Commands;

/// <summary>How a command ended: its status and Dword 0 of the completion, or deferred (an Asynchronous Event Request stays outstanding).</summary>
internal readonly record struct CommandResult(NvmeStatus Status, uint Dword0 = 0, bool IsDeferred = false)
{
    /// <summary>Successful Completion with no result.</summary>
    public static CommandResult Success => new(NvmeStatus.Success);

    /// <summary>No completion now: the command completes later, through another path.</summary>
    public static CommandResult Deferred => new(NvmeStatus.Success, 0, IsDeferred: true);

    public static implicit operator CommandResult(NvmeStatus status) => new(status);
}
