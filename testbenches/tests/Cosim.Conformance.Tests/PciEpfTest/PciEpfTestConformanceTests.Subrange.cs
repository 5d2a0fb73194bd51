using Cosim.Testbench.Enumeration;
using static Cosim.Conformance.Tests.PciEpfTest.PciEpfTestHost;

namespace Cosim.Conformance.Tests.PciEpfTest;

public sealed partial class PciEpfTestConformanceTests
{
    public static TheoryData<DeviceImplementation, int> RamBars => Implementations.PciEpfTestWith(1, 2, 3, 4, 5);

    [Theory]
    [MemberData(nameof(RamBars))]
    public async Task BarSubrangeSequenceOfTheHostDriverSucceeds(DeviceImplementation implementation, int barNumber)
    {
        // pci_endpoint_test_bar_subrange(): SETUP with SIZE = bar; the first and last DW of each half hold
        // 50h + 8·bar + half in every byte; fill each half with A0h + 8·bar + half and read it back; CLEAR.
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();
        Bar bar = host.Rc.Function.GetBar(barNumber);
        ulong half = bar.Size / 2;

        await host.WriteRegisterAsync(Register.Size, (uint)barNumber);
        uint setup = await host.RunAsync(Command.BarSubrangeSetup);
        uint[] signatures =
        [
            await bar.ReadUInt32Async(0), await bar.ReadUInt32Async(half - 4),
            await bar.ReadUInt32Async(half), await bar.ReadUInt32Async((2 * half) - 4),
        ];
        for (int subrange = 0; subrange < 2; subrange++)
        {
            await bar.WriteAsync((ulong)subrange * half, Enumerable.Repeat((byte)(0xA0 + (8 * barNumber) + subrange), (int)half).ToArray());
        }

        byte[] readBack = await bar.ReadAsync(0, (int)bar.Size);
        await host.WriteRegisterAsync(Register.Size, (uint)barNumber);
        uint clear = await host.RunAsync(Command.BarSubrangeClear);

        uint first = 0x0101_0101u * (uint)(0x50 + (8 * barNumber));
        uint second = 0x0101_0101u * (uint)(0x50 + (8 * barNumber) + 1);
        Assert.Equal(Status.BarSubrangeSetupSuccess | Status.IrqRaised, setup);
        Assert.Equal([first, first, second, second], signatures);
        Assert.All(readBack[..(int)half], b => Assert.Equal((byte)(0xA0 + (8 * barNumber)), b));
        Assert.All(readBack[(int)half..], b => Assert.Equal((byte)(0xA1 + (8 * barNumber)), b));
        Assert.Equal(Status.BarSubrangeClearSuccess | Status.IrqRaised, clear);
    }
}
