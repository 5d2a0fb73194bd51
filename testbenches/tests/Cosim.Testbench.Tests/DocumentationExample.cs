using System.IO.Hashing;
using Cosim.Models.TestDevice;
using Cosim.Testbench.Enumeration;
using Cosim.Testbench.Interrupts;
using Cosim.Testbench.Memory;

namespace Cosim.Testbench.Tests;

public sealed class MyDeviceTests
{
    [Fact]
    public async Task DeviceChecksumsAHostBufferAndInterrupts()
    {
        // 1. Attach and enumerate: BARs assigned, bus mastering on, the protocol checker on every TLP.
        await using RootComplex rc = await RootComplex.StartAsync(new CosimTestDevice());
        Bar bar0 = rc.Function.GetBar(0);
        IReadOnlyList<InterruptVector> msix = await rc.ConfigureMsixAsync();

        // 2. Put data in host memory for the device to DMA.
        HostBuffer buffer = rc.Memory.Allocate(4096);
        byte[] data = buffer.FillRandom(seed: 1);

        // 3. Program the device through MMIO, start it, wait for its interrupt.
        await bar0.WriteUInt32Async(0x20, (uint)buffer.Address);         // DMA_ADDRESS[31:0]
        await bar0.WriteUInt32Async(0x24, (uint)(buffer.Address >> 32)); // DMA_ADDRESS[63:32]
        await bar0.WriteUInt32Async(0x28, 4096);                          // LENGTH
        await bar0.WriteUInt32Async(0x3C, 1);                             // DMA_CONTROL: interrupt when done
        await bar0.WriteUInt32Async(0x2C, 2);                             // DMA_COMMAND: read and checksum
        await msix[0].WaitAsync();

        // 4. Check the result. Disposing the root complex fails the test on any protocol violation.
        Assert.Equal(Crc32.HashToUInt32(data), await bar0.ReadUInt32Async(0x38));
    }
}
