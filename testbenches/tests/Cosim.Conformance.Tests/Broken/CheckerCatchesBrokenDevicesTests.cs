using Cosim.Conformance.Tests.PciEpfTest;
using Cosim.Testbench;
using Cosim.Testbench.Memory;
using Cosim.Tlp;
using Cosim.Tlp.Checking;
using static Cosim.Conformance.Tests.PciEpfTest.PciEpfTestHost;

namespace Cosim.Conformance.Tests.Broken;

/// <summary>
/// Negative tests: every implementation of pci-epf-test, each with one protocol bug spliced in, must make the checker
/// name the rule and the offending TLP. If one of these passes without its violation, the checker has gone blind.
/// </summary>
public sealed class CheckerCatchesBrokenDevicesTests
{
    public static TheoryData<DeviceImplementation> All => Implementations.PciEpfTestData;

    [Theory]
    [MemberData(nameof(All))]
    public async Task DmaWriteCrossing4KiBIsCaught(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartBrokenAsync(implementation, f => new WriteCrossing4KiB(f));
        host.Rc.ExpectViolation(CheckerRule.CrossesFourKiBBoundary);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer destination = host.Rc.Memory.Allocate(1024, BufferAlignment);

        await host.DeviceWritesAsync(destination, 1024);

        CheckerViolation violation = Assert.Single(host.Rc.Violations);
        Assert.Equal((CheckerRule.CrossesFourKiBBoundary, TlpKind.MemoryWrite, LinkDirection.Upstream), (violation.Rule, violation.Tlp.Kind, violation.Direction));
        Assert.Equal(0xFFCUL, violation.Tlp.Address & 0xFFF);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task CompletionWithWrongByteCountIsCaught(DeviceImplementation implementation)
    {
        CompletionWithWrongByteCount? broken = null;
        await using PciEpfTestHost host = await StartBrokenAsync(implementation, f => broken = new CompletionWithWrongByteCount(f));
        host.Rc.ExpectViolation(CheckerRule.CompletionByteCountMismatch);
        broken!.Armed = true;

        CompletionMismatchException refused = await Assert.ThrowsAsync<CompletionMismatchException>(() => host.ReadRegisterAsync(Register.Magic));

        CheckerViolation violation = Assert.Single(host.Rc.Violations);
        Assert.Equal(CheckerRule.CompletionByteCountMismatch, violation.Rule);
        Assert.Equal((ushort)8, violation.Tlp.ByteCount);
        Assert.Contains(refused.Request.ToString(), violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task MsiAfterMsiWasDisabledIsCaught(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartBrokenAsync(implementation, f => new MsiWhileDisabled(f));
        host.Rc.ExpectViolation(CheckerRule.MsiWhileDisabled);
        await host.Rc.ConfigureMsiAsync();
        await host.RunAsync(Command.RaiseMsi, IrqType.Msi, irqNumber: 1);
        await host.Rc.DisableMsiAsync();

        await host.WriteRegisterAsync(Register.IrqType, IrqType.Intx);
        await host.WriteRegisterAsync(Register.Command, Command.RaiseIntx);
        await host.Rc.Msi[0].WaitAsync();

        CheckerViolation violation = Assert.Single(host.Rc.Violations);
        Assert.Equal((CheckerRule.MsiWhileDisabled, TlpKind.MemoryWrite), (violation.Rule, violation.Tlp.Kind));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task DmaWithBusMasterEnableClearIsCaught(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartBrokenAsync(implementation, f => new DmaWithoutBusMaster(f));
        host.Rc.ExpectViolation(CheckerRule.RequestWithoutBusMasterEnable);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer source = host.Rc.Memory.Allocate(256, BufferAlignment);
        byte[] data = source.FillRandom(seed: 1);
        await host.Rc.SetBusMasterAsync(false);

        await host.DeviceReadsAsync(source, data.Length, Checksum(data));

        Assert.NotEmpty(host.Rc.Violations);
        Assert.All(host.Rc.Violations, v => Assert.Equal(CheckerRule.RequestWithoutBusMasterEnable, v.Rule));
        Assert.Contains(host.Rc.Violations, v => v.Tlp.Kind == TlpKind.MemoryRead);
        Assert.False(host.Rc.Checker!.BusMasterEnable);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task CorrectImplementationBreaksNoRuleUnderTheSameSequences(DeviceImplementation implementation)
    {
        // The control: the same traffic without a splice is clean (the root complex fails the test at dispose otherwise).
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer buffer = host.Rc.Memory.Allocate(1024, BufferAlignment);

        await host.DeviceWritesAsync(buffer, 1024);
        await host.ReadRegisterAsync(Register.Magic);
        await host.RunAsync(Command.RaiseMsi, IrqType.Msi, irqNumber: 1);
        await host.Rc.DisableMsiAsync();
        await host.RunAsync(Command.RaiseIntx, IrqType.Intx, irqNumber: 0);

        Assert.Empty(host.Rc.Violations);
    }

    private static Task<PciEpfTestHost> StartBrokenAsync(DeviceImplementation implementation, Func<IPcieFunction, IPcieFunction> breakIt) =>
        StartAsync(new DeviceImplementation(implementation.Device, implementation.Name + ", broken", () => breakIt(implementation.Create())));
}
