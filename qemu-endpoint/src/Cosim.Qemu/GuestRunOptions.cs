namespace Cosim.Qemu;

/// <summary>What to boot and which guest test to run.</summary>
public sealed record GuestRunOptions
{
    /// <summary>The guest test script to run: <c>qemu-endpoint/guest/tests/&lt;TestName&gt;.sh</c>.</summary>
    public required string TestName { get; init; }

    /// <summary>Arguments for the test script (no spaces or commas inside one argument).</summary>
    public IReadOnlyList<string> TestArguments { get; init; } = [];

    /// <summary>Modules the guest loads before the test.</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>The Cosim devices, each behind its own PCIe root port.</summary>
    public IReadOnlyList<VfioUserDevice> Devices { get; init; } = [];

    /// <summary>Extra QEMU <c>-device</c> values (for example <c>edu</c>, QEMU's in-process reference device).</summary>
    public IReadOnlyList<string> ExtraDevices { get; init; } = [];

    /// <summary>
    /// Further QEMU arguments, appended as given (for example <c>-drive</c> and <c>-device nvme</c>: QEMU's
    /// in-process NVMe controller on a file, the floor of <c>cosim bench nvme</c>).
    /// </summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>
    /// Adds <c>intel-iommu,intremap=on,dma-translation=off</c>: interrupt remapping, which x86 guests need for more
    /// than one MSI vector, with DMA addresses left guest-physical.
    /// </summary>
    public bool InterruptRemapping { get; init; }

    /// <summary>Guest RAM in MiB; it is a shared memfd so that DMA maps reach the endpoint as file descriptors.</summary>
    public int MemoryMiB { get; init; } = 1024;

    /// <summary>Guest CPUs.</summary>
    public int Cpus { get; init; } = 2;

    /// <summary>The guest-side timeout of the test script (the init kills it and reports rc=timeout).</summary>
    public TimeSpan TestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The host-side hard timeout: QEMU is killed after it, and the result says where the guest was.</summary>
    public TimeSpan HostTimeout { get; init; } = TimeSpan.FromMinutes(8);

    /// <summary>Where the whole serial console is written (optional).</summary>
    public string? ConsoleLogPath { get; init; }
}
