using System.Buffers.Binary;
using Cosim.Device.Dma;

namespace Cosim.Models.Nvme.Queues;

/// <summary>
/// The Shadow Doorbell and EventIdx buffers of Doorbell Buffer Config (NVMe Base 1.4 §5.8): two host memory pages
/// laid out as the doorbell registers (queue y: SQ tail at 2y × stride, CQ head at (2y + 1) × stride). The host
/// writes each new SQ tail and CQ head to the shadow buffer and rings the MMIO doorbell only when the value passes
/// the EventIdx the controller left there. I/O queues only: the admin queue keeps its MMIO doorbells.
/// </summary>
/// <remarks>
/// A Submission Queue's worker reads the shadow tail while it has work and, before it sleeps, sets EventIdx to the
/// tail it reached, so the host rings again only for entries after that. A Completion Queue reads the shadow head
/// when it finds itself full, and then sets EventIdx to its head so that the host's next head update rings.
/// </remarks>
internal sealed class ShadowDoorbells
{
    private const int ValueBytes = sizeof(uint);

    public ShadowDoorbells(ulong shadowBuffer, ulong eventIndexBuffer, int stride)
    {
        ShadowBuffer = shadowBuffer;
        EventIndexBuffer = eventIndexBuffer;
        Stride = stride;
    }

    /// <summary>PRP1 of the command: the Shadow Doorbell buffer.</summary>
    public ulong ShadowBuffer { get; }

    /// <summary>PRP2 of the command: the EventIdx buffer.</summary>
    public ulong EventIndexBuffer { get; }

    /// <summary>Bytes between doorbells (4 &lt;&lt; CAP.DSTRD).</summary>
    public int Stride { get; }

    /// <summary>The shadow value of queue <paramref name="queueId"/>'s SQ tail or CQ head; null when it cannot be read.</summary>
    public async ValueTask<int?> ReadAsync(IHostMemory host, ushort queueId, bool completionQueue, byte[] scratch, CancellationToken cancellationToken)
    {
        DmaStatus status = await host.ReadAsync(ShadowBuffer + Offset(queueId, completionQueue), scratch.AsMemory(0, ValueBytes), cancellationToken).ConfigureAwait(false);
        return status == DmaStatus.Success ? (int)BinaryPrimitives.ReadUInt32LittleEndian(scratch) : null;
    }

    /// <summary>Writes queue <paramref name="queueId"/>'s EventIdx, then fences so that a shadow read after it sees the host's later writes.</summary>
    public async ValueTask WriteEventIndexAsync(IHostMemory host, ushort queueId, bool completionQueue, int value, byte[] scratch)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(scratch, (uint)value);
        await host.WriteAsync(EventIndexBuffer + Offset(queueId, completionQueue), scratch.AsMemory(0, ValueBytes)).ConfigureAwait(false);
        Interlocked.MemoryBarrier();
    }

    private ulong Offset(ushort queueId, bool completionQueue) => (ulong)(((2 * queueId) + (completionQueue ? 1 : 0)) * Stride);
}
