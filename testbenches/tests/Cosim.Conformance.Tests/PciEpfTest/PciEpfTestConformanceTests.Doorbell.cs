using Cosim.Testbench.Enumeration;
using static Cosim.Conformance.Tests.PciEpfTest.PciEpfTestHost;

namespace Cosim.Conformance.Tests.PciEpfTest;

public sealed partial class PciEpfTestConformanceTests
{
    [Theory]
    [MemberData(nameof(All))]
    public async Task DoorbellSequenceOfTheHostDriverRingsOnce(DeviceImplementation implementation)
    {
        // pci_endpoint_test_doorbell(): ENABLE and wait; read DB_DATA, DB_OFFSET, DB_BAR; one writel of DB_DATA to
        // BAR[DB_BAR] + DB_OFFSET and wait; DISABLE and wait.
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();

        uint enabled = await host.RunAsync(Command.EnableDoorbell);
        uint data = await host.ReadRegisterAsync(Register.DoorbellData);
        uint offset = await host.ReadRegisterAsync(Register.DoorbellOffset);
        uint barNumber = await host.ReadRegisterAsync(Register.DoorbellBar);
        await host.WriteRegisterAsync(Register.Status, 0);
        Bar bar = host.Rc.Function.GetBar((int)barNumber);
        await bar.WriteUInt32Async(offset, data);
        await host.WaitForInterruptAsync(IrqType.Msi, 1);
        uint rung = await host.ReadRegisterAsync(Register.Status);
        uint disabled = await host.RunAsync(Command.DisableDoorbell);

        Assert.Equal(Status.DoorbellEnableSuccess | Status.IrqRaised, enabled);
        Assert.Equal(Status.DoorbellSuccess | Status.IrqRaised, rung);
        Assert.Equal(Status.DoorbellDisableSuccess | Status.IrqRaised, disabled);
        Assert.Equal(3, host.Rc.Msi[0].Count);
    }
}
