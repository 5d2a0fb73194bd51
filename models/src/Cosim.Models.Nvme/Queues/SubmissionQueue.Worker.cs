using Cosim.Device.Dma;
using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Queues;

internal sealed partial class SubmissionQueue
{
    // The fetch loop: wait for the doorbell, read the entries between head and tail (up to the end of the queue,
    // FetchBatch at a time) in one DMA read, move the head, start each command once a slot is free. On exit, waits
    // until every command it started has finished (took its slot back).
    private async Task RunAsync(ICommandProcessor processor, int maxInFlight, CancellationToken cancellationToken)
    {
        // Nothing waits on the semaphore's handle; it is collected with the loop.
        var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        byte[] batch = new byte[FetchBatch * SubmissionQueueEntry.Size];
        try
        {
            while (!cancellationToken.IsCancellationRequested && !_stopFetching)
            {
                int head = _head;
                int tail = await ReadTailAsync(cancellationToken).ConfigureAwait(false);
                if (head == tail)
                {
                    if (await SleepsWithShadowDoorbellAsync(tail, cancellationToken).ConfigureAwait(false))
                    {
                        await _doorbell.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }

                int count = Math.Min(Math.Min((tail - head + Size) % Size, Size - head), FetchBatch);
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                DmaStatus status = await _services.Host.ReadAsync(EntryAddress(head), batch.AsMemory(0, count * SubmissionQueueEntry.Size), cancellationToken).ConfigureAwait(false);
                if (status != DmaStatus.Success)
                {
                    slots.Release();
                    _services.OnQueueFailed(Id, $"fetching {count} entries at {head} failed ({status})");
                    return;
                }

                Volatile.Write(ref _head, (head + count) % Size);
                for (int i = 0; i < count; i++)
                {
                    if (i > 0)
                    {
                        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }

                    var command = SubmissionQueueEntry.Decode(batch.AsSpan(i * SubmissionQueueEntry.Size));
                    _ = ExecuteAsync(processor, command, slots, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Controller reset: the commands not yet started are dropped with the queue.
        }
        catch (Exception exception)
        {
            NvmeLog.QueueWorkerFailed(_services.Logger, exception, Id);
            _services.OnQueueFailed(Id, "the fetch loop failed");
        }
        finally
        {
            for (int i = 0; i < maxInFlight; i++)
            {
                await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    // The tail to fetch up to: the shadow doorbell's when the host keeps one for this queue (it is never older than
    // the MMIO doorbell), else the MMIO doorbell's. A shadow value beyond the queue is ignored.
    private async ValueTask<int> ReadTailAsync(CancellationToken cancellationToken)
    {
        int tail = Volatile.Read(ref _tail);
        if (Id == 0 || _services.ShadowDoorbells is not { } shadow)
        {
            return tail;
        }

        int? shadowTail = await shadow.ReadAsync(_services.Host, Id, completionQueue: false, _shadowScratch, cancellationToken).ConfigureAwait(false);
        return shadowTail is { } value && value < Size ? value : tail;
    }

    // Nothing to fetch. With a shadow doorbell: EventIdx = the tail reached (the host rings the MMIO doorbell for the
    // next entry), then one more look, since the host may have moved the shadow tail before it saw EventIdx.
    private async ValueTask<bool> SleepsWithShadowDoorbellAsync(int tail, CancellationToken cancellationToken)
    {
        if (Id == 0 || _services.ShadowDoorbells is not { } shadow)
        {
            return true;
        }

        await shadow.WriteEventIndexAsync(_services.Host, Id, completionQueue: false, tail, _shadowScratch).ConfigureAwait(false);
        return await ReadTailAsync(cancellationToken).ConfigureAwait(false) == tail;
    }

    private async Task ExecuteAsync(ICommandProcessor processor, SubmissionQueueEntry command, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            CommandResult result;
            try
            {
                result = await processor.ExecuteAsync(command, this, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                NvmeLog.CommandFailed(_services.Logger, exception, Id, command.CommandId, command.Opcode);
                result = NvmeStatus.InternalError;
            }

            if (result.IsDeferred || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var completion = new CompletionQueueEntry(result.Dword0, (ushort)Head, Id, command.CommandId, result.Status);
            await CompletionQueue.PostAsync(completion, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Controller reset while the completion waited for room: the host no longer expects it.
        }
        catch (Exception exception)
        {
            NvmeLog.CommandFailed(_services.Logger, exception, Id, command.CommandId, command.Opcode);
        }
        finally
        {
            slots.Release();
        }
    }
}
