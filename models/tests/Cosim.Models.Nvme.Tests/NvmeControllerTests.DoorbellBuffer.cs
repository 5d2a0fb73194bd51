using System.Buffers.Binary;
using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

public sealed partial class NvmeControllerTests
{
    private const byte DoorbellBufferConfig = 0x7C;

    [Theory]
    [InlineData(0x100, 0)]   // PRP1 not page aligned
    [InlineData(0, 0x800)]   // PRP2 not page aligned
    public async Task DoorbellBufferConfigWithABufferThatIsNotPageAlignedIsInvalidField(int shadowOffset, int eventIndexOffset)
    {
        NvmeTestDriver driver = await StartAsync();
        ulong shadow = driver.AllocateContiguous(NvmeTestDriver.PageSize);
        ulong eventIndex = driver.AllocateContiguous(NvmeTestDriver.PageSize);

        Completion completion = await driver.AdminAsync(new NvmeCommand(DoorbellBufferConfig, Prp1: shadow + (ulong)shadowOffset, Prp2: eventIndex + (ulong)eventIndexOffset));

        AssertStatus(NvmeStatus.InvalidFieldInCommand, completion);
    }

    [Fact]
    public async Task WithShadowDoorbellsTheControllerFetchesUpToTheShadowTail()
    {
        // Linux's nvme_dbbuf_update_and_check_event: the new tail goes to the shadow buffer first; the MMIO doorbell
        // may then announce less (or nothing). Here it announces one entry of the two the shadow holds.
        NvmeTestDriver driver = await StartAsync();
        ulong shadow = driver.AllocateContiguous(NvmeTestDriver.PageSize);
        ulong eventIndex = driver.AllocateContiguous(NvmeTestDriver.PageSize);
        AssertStatus(NvmeStatus.Success, await driver.AdminAsync(new NvmeCommand(DoorbellBufferConfig, Prp1: shadow, Prp2: eventIndex)));
        await driver.CreateIoQueuePairAsync(1);

        ushort first = driver.Submit(1, new NvmeCommand(0x00, NamespaceId: 1), ring: false); // Flush
        driver.RingSubmissionDoorbell(1);                                                      // MMIO tail 1
        ushort second = driver.Submit(1, new NvmeCommand(0x00, NamespaceId: 1), ring: false);
        byte[] tail = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, 2);
        driver.Host.WriteHostMemory(shadow + (2 * 1 * 4), tail);                               // SQ 1 tail (2y × 4)

        AssertStatus(NvmeStatus.Success, await driver.WaitForCompletionAsync(1, first));
        AssertStatus(NvmeStatus.Success, await driver.WaitForCompletionAsync(1, second));
    }
}
