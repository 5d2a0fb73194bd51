using Cosim.Testbench.Enumeration;
using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using static Cosim.Conformance.Tests.PciEpfTest.PciEpfTestHost;

namespace Cosim.Conformance.Tests.PciEpfTest;

/// <summary>
/// pci-epf-test as the host driver and kselftest (tools/testing/selftests/pci_endpoint) exercise it, written once and
/// run against every implementation in <see cref="Implementations.PciEpfTest"/>.
/// </summary>
public sealed partial class PciEpfTestConformanceTests
{
    public static TheoryData<DeviceImplementation> All => Implementations.PciEpfTestData;

    [Theory]
    [MemberData(nameof(All))]
    public async Task FunctionIdentifiesAsTheDra74xEndpoint(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        EnumeratedFunction function = host.Rc.Function;

        Assert.Equal(0u, function.HeaderType & 0x7Fu); // the driver refuses anything but a type 0 header
        Assert.Equal(InterruptPin.IntA, function.InterruptPin);
        Assert.Equal(6, function.Bars.Count);
        Assert.All(function.Bars, bar => Assert.Equal(BarKind.Memory32, bar.Kind));
        Assert.NotEqual(0, function.FindCapability(CapabilityId.Msi));
        Assert.NotEqual(0, function.FindCapability(CapabilityId.Msix));
        Assert.True(function.IsPciExpress);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task MsiOffers32VectorsAndMsixATableOf32(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);

        int msi = (await host.Rc.ConfigureMsiAsync()).Count;
        await host.Rc.DisableMsiAsync();
        int msix = (await host.Rc.ConfigureMsixAsync()).Count;

        Assert.Equal((32, 32), (msi, msix));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task MagicRegisterIsScratch(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);

        await host.WriteRegisterAsync(Register.Magic, 0xA0A0_A0A0);

        Assert.Equal(0xA0A0_A0A0u, await host.ReadRegisterAsync(Register.Magic));
    }
}
