using Cosim.Testbench.Enumeration;
using static Cosim.Conformance.Tests.PciEpfTest.PciEpfTestHost;

namespace Cosim.Conformance.Tests.PciEpfTest;

public sealed partial class PciEpfTestConformanceTests
{
    public static TheoryData<DeviceImplementation, int> EveryBar => Implementations.PciEpfTestWith(0, 1, 2, 3, 4, 5);

    [Theory]
    [MemberData(nameof(EveryBar))]
    public async Task EveryBarHoldsThePatternTheDriverWrites(DeviceImplementation implementation, int barNumber)
    {
        // pci_endpoint_test_bar(): pattern A0A0A0A0h + 01010101h·bar; the test register BAR only in its first DW, any
        // other BAR over its whole size (here in bulk: 4 KiB reads, Max_Payload_Size writes).
        await using PciEpfTestHost host = await StartAsync(implementation);
        Bar bar = host.Rc.Function.GetBar(barNumber);
        int size = barNumber == TestRegisterBar ? 4 : (int)bar.Size;
        byte pattern = (byte)(0xA0 + barNumber);
        byte[] written = Enumerable.Repeat(pattern, size).ToArray();

        await bar.WriteAsync(0, written);
        byte[] readBack = await bar.ReadAsync(0, size);

        Assert.Equal(written, readBack);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task RamBarAnswersSingleDwordAccessesAtEveryOffset(DeviceImplementation implementation)
    {
        // The 6.x driver's BAR test: one writel/readl per DW.
        await using PciEpfTestHost host = await StartAsync(implementation);
        Bar bar = host.Rc.Function.GetBar(1);

        for (ulong offset = 0; offset < 256; offset += 4)
        {
            await bar.WriteUInt32Async(offset, 0xA1A1_0000u | (uint)offset);
        }

        for (ulong offset = 0; offset < 256; offset += 4)
        {
            Assert.Equal(0xA1A1_0000u | (uint)offset, await bar.ReadUInt32Async(offset));
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task RamBarAnswersByteAndWordAccesses(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        Bar bar = host.Rc.Function.GetBar(2);

        await bar.WriteUInt32Async(0x10, 0x4433_2211);
        await bar.WriteUInt8Async(0x11, 0xAA);
        await bar.WriteUInt16Async(0x12, 0xCCBB);

        Assert.Equal(0xCCBB_AA11u, await bar.ReadUInt32Async(0x10));
        Assert.Equal(0xAA, await bar.ReadUInt8Async(0x11));
        Assert.Equal((ushort)0xCCBB, await bar.ReadUInt16Async(0x12));
    }
}
