using Cosim.Testbench;
using Cosim.Testbench.Memory;
using Cosim.Testbench.Simulation;
using Cosim.Tlp.Transactions;
using static Cosim.Conformance.Tests.PciEpfTest.PciEpfTestHost;

namespace Cosim.Conformance.Tests.PciEpfTest;

public sealed partial class PciEpfTestConformanceTests
{
    /// <summary>The kselftest data sizes (and pcitest.sh's).</summary>
    public static TheoryData<DeviceImplementation, int> TransferSizes => Implementations.PciEpfTestWith(1, 1024, 1025, 1_024_000, 1_024_001);

    [Theory]
    [MemberData(nameof(TransferSizes))]
    public async Task DeviceReadOfHostDataMatchesItsChecksum(DeviceImplementation implementation, int size)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer source = host.Rc.Memory.Allocate(size, BufferAlignment);
        byte[] data = source.FillRandom(seed: size);

        uint status = await host.DeviceReadsAsync(source, size, Checksum(data));

        Assert.Equal(Status.ReadSuccess | Status.IrqRaised, status);
    }

    [Theory]
    [MemberData(nameof(TransferSizes))]
    public async Task DeviceWriteToHostMatchesTheChecksumItReports(DeviceImplementation implementation, int size)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer destination = host.Rc.Memory.Allocate(size, BufferAlignment);

        uint status = await host.DeviceWritesAsync(destination, size);
        uint reported = await host.ReadRegisterAsync(Register.Checksum);

        Assert.Equal(Status.WriteSuccess | Status.IrqRaised, status);
        Assert.Equal(Checksum(destination.ToArray()), reported);
    }

    [Theory]
    [MemberData(nameof(TransferSizes))]
    public async Task DeviceCopyDuplicatesTheSource(DeviceImplementation implementation, int size)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer source = host.Rc.Memory.Allocate(size, BufferAlignment);
        HostBuffer destination = host.Rc.Memory.Allocate(size, BufferAlignment);
        byte[] data = source.FillRandom(seed: size + 1);

        uint status = await host.DeviceCopiesAsync(source, destination, size);

        Assert.Equal(Status.CopySuccess | Status.IrqRaised, status);
        Assert.Equal(data, destination.ToArray());
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task TransfersReachBuffersAbove4GiB(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer source = host.Rc.Memory.Allocate(5000, BufferAlignment, above4GiB: true);
        HostBuffer destination = host.Rc.Memory.Allocate(5000, BufferAlignment, above4GiB: true);
        byte[] data = source.FillRandom(seed: 64);

        uint status = await host.DeviceCopiesAsync(source, destination, 5000);

        Assert.Equal(Status.CopySuccess | Status.IrqRaised, status);
        Assert.Equal(data, destination.ToArray());
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task DeviceReadSurvivesLateReorderedCompletionsAtEveryBoundary(DeviceImplementation implementation)
    {
        // The host answers each MRd 1-20 µs late (seeded), so reads overtake each other, in one completion per
        // 64-byte RCB block: the device must reassemble by Tag and Lower Address.
        var options = new RootComplexOptions
        {
            CompletionLatency = LatencyModel.Uniform(TimeSpan.FromMicroseconds(1), TimeSpan.FromMicroseconds(20), seed: 11, perCompletion: TimeSpan.FromMicroseconds(0.1)),
            CompletionSplitting = CompletionSplitting.AtEveryBoundary,
        };
        await using PciEpfTestHost host = await StartAsync(implementation, options);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer source = host.Rc.Memory.Allocate(100_001, BufferAlignment);
        byte[] data = source.FillRandom(seed: 5);

        uint status = await host.DeviceReadsAsync(source, data.Length, Checksum(data));

        Assert.Equal(Status.ReadSuccess | Status.IrqRaised, status);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task TransferWithAWrongChecksumFailsAndStillInterrupts(DeviceImplementation implementation)
    {
        await using PciEpfTestHost host = await StartAsync(implementation);
        await host.Rc.ConfigureMsiAsync();
        HostBuffer source = host.Rc.Memory.Allocate(1024, BufferAlignment);
        byte[] data = source.FillRandom(seed: 9);

        uint status = await host.DeviceReadsAsync(source, data.Length, ~Checksum(data));

        Assert.Equal(Status.ReadFail | Status.IrqRaised, status);
    }
}
