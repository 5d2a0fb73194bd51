using Cosim.Testbench;
using Cosim.Testbench.Memory;
using Cosim.Tlp;
using Cosim.Tlp.Checking;
using static Cosim.Conformance.Tests.PciEpfTest.PciEpfTestHost;

namespace Cosim.Conformance.Tests.PciEpfTest;

/// <summary>Error injection: the host's answers to the device's DMA go wrong; every command still ends with its interrupt.</summary>
public sealed partial class PciEpfTestConformanceTests
{
    public static TheoryData<DeviceImplementation, CompletionStatus> FailingStatuses =>
        Implementations.PciEpfTestWith(CompletionStatus.UnsupportedRequest, CompletionStatus.CompleterAbort);

    [Theory]
    [MemberData(nameof(FailingStatuses))]
    public async Task DeviceReadAnsweredWithAnErrorStatusReportsReadFailAndStillInterrupts(DeviceImplementation implementation, CompletionStatus status)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer source = host.Rc.Memory.Allocate(4096, BufferAlignment);
        byte[] data = source.FillRandom(seed: 1);
        host.Rc.Faults.ForAddressRange(source.Address + 2048, 4).CompleteWith(status);

        uint result = await host.DeviceReadsAsync(source, data.Length, Checksum(data));

        Assert.Equal(Status.ReadFail | Status.SourceAddressInvalid | Status.IrqRaised, result);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task DeviceCopyFromAnUnmappedSourceReportsCopyFailAndStillInterrupts(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer source = host.Rc.Memory.Allocate(8192, BufferAlignment);
        HostBuffer destination = host.Rc.Memory.Allocate(8192, BufferAlignment);
        host.Rc.Memory.MarkUnmapped(source.Address, 8192);

        uint result = await host.DeviceCopiesAsync(source, destination, 8192);

        Assert.Equal(Status.CopyFail | Status.SourceAddressInvalid | Status.IrqRaised, result);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task DeviceReadOfPoisonedDataFailsAndStillInterrupts(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        host.Rc.ExpectViolation(CheckerRule.PoisonedTlp);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer source = host.Rc.Memory.Allocate(4096, BufferAlignment);
        byte[] data = source.FillRandom(seed: 2);
        host.Rc.Faults.ForAddressRange(source.Address, 4096).Poison().Times(1);

        uint result = await host.DeviceReadsAsync(source, data.Length, Checksum(data));

        Assert.Equal(Status.ReadFail | Status.IrqRaised, result & (Status.ReadFail | Status.ReadSuccess | Status.IrqRaised));
        Assert.Contains(host.Rc.Violations, v => v.Rule == CheckerRule.PoisonedTlp && v.Direction == LinkDirection.Downstream);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task DeviceReadWhoseCompletionIsDroppedTimesOutReportsReadFailAndStillInterrupts(DeviceImplementation implementation)
    {
        // The host never answers one MRd: the device's Completion Timeout ends the transfer; the checker reports the
        // unanswered request once simulated time passes the link's Completion Timeout.
        Cosim.Tlp.IPcieFunction function = implementation.Create();
        DeviceTimeouts.Shorten(function, TimeSpan.FromMilliseconds(100));
        await using PciEpfTestHost host = await StartAsync(new DeviceImplementation(implementation.Device, implementation.Name, () => function));
        host.Rc.ExpectViolation(CheckerRule.CompletionTimeout);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer source = host.Rc.Memory.Allocate(4096, BufferAlignment);
        byte[] data = source.FillRandom(seed: 3);
        host.Rc.Faults.When(r => r.Kind == TlpKind.MemoryRead, "the first DMA read").Drop().Times(1);

        uint result = await host.DeviceReadsAsync(source, data.Length, Checksum(data));
        host.Rc.Clock.Advance(host.Rc.Options.CompletionTimeout);

        Assert.Equal(Status.ReadFail | Status.SourceAddressInvalid | Status.IrqRaised, result);
        CheckerViolation timeout = Assert.Single(host.Rc.Violations);
        Assert.Equal((CheckerRule.CompletionTimeout, TlpKind.MemoryRead), (timeout.Rule, timeout.Tlp.Kind));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task DeviceReadWithDelayedCompletionsStillSucceeds(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer source = host.Rc.Memory.Allocate(16384, BufferAlignment);
        byte[] data = source.FillRandom(seed: 4);
        host.Rc.Faults.ForAddressRange(source.Address, 4096).DelayBy(TimeSpan.FromMicroseconds(30));

        uint result = await host.DeviceReadsAsync(source, data.Length, Checksum(data));

        Assert.Equal(Status.ReadSuccess | Status.IrqRaised, result);
        Assert.True(host.Rc.Clock.Now >= TimeSpan.FromMicroseconds(30));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task DroppedDeviceWritesCannotBeSeenByTheDevice(DeviceImplementation implementation)
    {
        // Memory writes are posted: the device reports WRITE_SUCCESS, and only the host sees the data is missing.
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer destination = host.Rc.Memory.Allocate(4096, BufferAlignment);
        host.Rc.Faults.ForAddressRange(destination.Address, 4096).Drop();

        uint result = await host.DeviceWritesAsync(destination, 4096);
        uint reported = await host.ReadRegisterAsync(Register.Checksum);

        Assert.Equal(Status.WriteSuccess | Status.IrqRaised, result);
        Assert.NotEqual(Checksum(destination.ToArray()), reported);
        Assert.Equal(new byte[4096], destination.ToArray());
    }
}
