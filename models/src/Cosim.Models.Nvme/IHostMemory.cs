using System.Buffers;
using Cosim.Device.Dma;

namespace Cosim.Models.Nvme;

/// <summary>Host memory as the controller's queues and commands reach it: the function's DMA engine.</summary>
internal interface IHostMemory
{
    /// <summary>Reads host memory (MemRd TLPs); the status of the completions.</summary>
    Task<DmaStatus> ReadAsync(ulong address, Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>Writes host memory (posted MemWr TLPs).</summary>
    Task<DmaStatus> WriteAsync(ulong address, ReadOnlyMemory<byte> source);

    /// <summary>Lets <paramref name="fill"/> produce bytes straight in host memory; false when it cannot (nothing written).</summary>
    bool TryWriteInPlace<TState>(ulong address, int length, TState state, SpanAction<byte, TState> fill) => false;
}
