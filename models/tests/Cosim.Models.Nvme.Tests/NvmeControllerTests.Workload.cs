using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

public sealed partial class NvmeControllerTests
{
    // A filesystem-like mix: four small queues that wrap many times, a dozen commands outstanding on each, writes,
    // reads, FUA writes, flushes and deallocations at random sizes and page offsets. Each queue owns its own LBA
    // region, so a shadow copy says what every read must return. Like the block layer, the test never has two
    // overlapping writes outstanding: NVMe does not order the commands of a queue.
    [Fact]
    public async Task AMixedWorkloadOverWrappingQueuesKeepsEveryByte()
    {
        const int Queues = 4;
        const int RegionBlocks = 2048;
        const int Outstanding = 12;
        NvmeTestDriver driver = await StartAsync(ioQueues: Queues);
        var random = new Random(1234);
        var shadow = new byte[Queues][];
        var pending = new Queue<(ushort Id, Action<Completion> Check)>[Queues];
        var inFlight = new List<(int Start, int End)>[Queues];
        for (int queue = 0; queue < Queues; queue++)
        {
            await driver.CreateIoQueuePairAsync(queue + 1, size: 16);
            shadow[queue] = new byte[RegionBlocks * 512];
            pending[queue] = new Queue<(ushort, Action<Completion>)>();
            inFlight[queue] = [];
        }

        async Task DrainAsync(int queue)
        {
            while (pending[queue].TryDequeue(out (ushort Id, Action<Completion> Check) earlier))
            {
                earlier.Check(await driver.WaitForCompletionAsync(queue + 1, earlier.Id));
            }

            inFlight[queue].Clear();
        }

        for (int round = 0; round < 400; round++)
        {
            int queue = random.Next(Queues);
            if (pending[queue].Count >= Outstanding)
            {
                await DrainAsync(queue);
            }

            int blocks = random.Next(1, 65);
            int lba = random.Next(0, RegionBlocks - blocks);
            ulong deviceLba = (ulong)((queue * RegionBlocks) + lba);
            int offset = random.Next(0, 1024) * 4;
            int kind = random.Next(10);
            byte[] region = shadow[queue];
            if (kind < 4)
            {
                if (inFlight[queue].Exists(range => range.Start < lba + blocks && lba < range.End))
                {
                    await DrainAsync(queue);
                }

                inFlight[queue].Add((lba, lba + blocks));
                byte[] data = Pattern(blocks * 512, round);
                HostBuffer buffer = driver.AllocateBuffer(data.Length, offset);
                buffer.Fill(data);
                data.CopyTo(region, lba * 512);
                ushort id = driver.Submit(queue + 1, driver.ReadWriteCommand(0x01, deviceLba, blocks, buffer, forceUnitAccess: kind == 0));
                pending[queue].Enqueue((id, completion => Assert.Equal(NvmeStatus.Success, completion.Status)));
            }
            else if (kind < 8)
            {
                // Reads see every write of their queue that completed before; wait for the queue to drain first.
                await DrainAsync(queue);

                HostBuffer buffer = driver.AllocateBuffer(blocks * 512, offset);
                byte[] expected = region.AsSpan(lba * 512, blocks * 512).ToArray();
                Completion read = await driver.IoAsync(queue + 1, driver.ReadWriteCommand(0x02, deviceLba, blocks, buffer));
                Assert.Equal(NvmeStatus.Success, read.Status);
                Assert.Equal(expected, buffer.ReadBack());
            }
            else if (kind == 8)
            {
                ushort id = driver.Submit(queue + 1, new NvmeCommand(0x00, NamespaceId: 1));
                pending[queue].Enqueue((id, completion => Assert.Equal(NvmeStatus.Success, completion.Status)));
            }
            else
            {
                await DrainAsync(queue);
                Array.Clear(region, lba * 512, blocks * 512);
                Completion zeroes = await driver.IoAsync(queue + 1, new NvmeCommand(0x08, 1, Dword10: (uint)deviceLba, Dword12: (uint)(blocks - 1)));
                Assert.Equal(NvmeStatus.Success, zeroes.Status);
            }
        }

        for (int queue = 0; queue < Queues; queue++)
        {
            await DrainAsync(queue);
            Assert.Equal(shadow[queue], _namespace.ReadFile((long)queue * RegionBlocks * 512, RegionBlocks * 512));
        }
    }
}
