using Cosim.Testbench.Interrupts;
using static Cosim.Conformance.Tests.PciEpfTest.PciEpfTestHost;

namespace Cosim.Conformance.Tests.PciEpfTest;

public sealed partial class PciEpfTestConformanceTests
{
    [Theory]
    [MemberData(nameof(All))]
    public async Task RaiseIntxPulsesIntaAndReportsIrqRaised(DeviceImplementation implementation)
    {
        // The handler reads STATUS first; the line goes low again (the driver never acknowledges INTx).
        await using PciEpfTestHost host = await StartAsync(implementation);

        uint status = await host.RunAsync(Command.RaiseIntx, IrqType.Intx, irqNumber: 0);
        await host.Rc.Intx.WaitForLevelAsync(asserted: false);

        Assert.Equal(Status.IrqRaised, status & Status.IrqRaised);
        Assert.Equal(1, host.Rc.Intx.AssertCount());
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task RaiseMsiReachesEveryOneOf32Vectors(DeviceImplementation implementation)
    {
        // pci_endpoint_test_msi_irq() for IRQ_NUMBER 1..32: exactly that vector, once.
        await using PciEpfTestHost host = await StartAsync(implementation);
        IReadOnlyList<InterruptVector> vectors = await host.Rc.ConfigureMsiAsync();

        for (int irqNumber = 1; irqNumber <= vectors.Count; irqNumber++)
        {
            uint status = await host.RunAsync(Command.RaiseMsi, IrqType.Msi, irqNumber);
            Assert.Equal(Status.IrqRaised, status);
        }

        Assert.All(vectors, vector => Assert.Equal(1, vector.Count));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task RaiseMsixReachesEveryOneOf32Entries(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        IReadOnlyList<InterruptVector> vectors = await host.Rc.ConfigureMsixAsync();

        for (int irqNumber = 1; irqNumber <= vectors.Count; irqNumber++)
        {
            uint status = await host.RunAsync(Command.RaiseMsix, IrqType.Msix, irqNumber);
            Assert.Equal(Status.IrqRaised, status);
        }

        Assert.All(vectors, vector => Assert.Equal(1, vector.Count));
    }
}
