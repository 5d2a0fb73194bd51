using Microsoft.Extensions.Logging;

namespace Cosim.Models.Nvme.Queues;

/// <summary>What a queue needs from its controller: host memory, a logger, interrupts and fatal-error reporting.</summary>
internal interface IQueueServices
{
    /// <summary>DMA to and from host memory.</summary>
    IHostMemory Host { get; }

    /// <summary>The controller's logger.</summary>
    ILogger Logger { get; }

    /// <summary>The Doorbell Buffer Config in force (I/O queues use it), or null.</summary>
    ShadowDoorbells? ShadowDoorbells => null;

    /// <summary>An entry was posted to <paramref name="queue"/>: raise its interrupt (or let INTx follow).</summary>
    void OnCompletionPosted(CompletionQueue queue);

    /// <summary>A Completion Queue was created or deleted: the INTx level may change.</summary>
    void OnCompletionQueuesChanged();

    /// <summary>
    /// A queue cannot go on: fetching its entries or posting a completion failed. The controller reports it as
    /// Controller Fatal Status.
    /// </summary>
    void OnQueueFailed(ushort queueId, string what);
}
