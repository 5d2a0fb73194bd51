using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

/// <summary>The controller through TLPs, driven as the Linux nvme driver drives it (see <see cref="NvmeTestDriver"/>).</summary>
public sealed partial class NvmeControllerTests : IDisposable
{
    private readonly TestNamespace _namespace = new();
    private readonly List<NvmeController> _controllers = [];

    public void Dispose()
    {
        foreach (NvmeController controller in _controllers)
        {
            controller.Dispose();
        }

        _namespace.Dispose();
    }

    private static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private NvmeController NewController(long? size = TestNamespace.DefaultSize, int ioQueues = 4, int vectors = 17)
    {
        NvmeController controller = _namespace.CreateController(size, ioQueues, vectors);
        _controllers.Add(controller);
        return controller;
    }

    private void Release(NvmeController controller)
    {
        _controllers.Remove(controller);
        controller.Dispose();
    }

    // Function configured, MSI-X on, admin queue enabled.
    private async Task<NvmeTestDriver> StartAsync(int ioQueues = 4)
    {
        var driver = new NvmeTestDriver(NewController(ioQueues: ioQueues));
        await driver.InitializeAsync();
        return driver;
    }

    // ... and I/O queue pair 1 (64 entries, vector 1).
    private async Task<NvmeTestDriver> StartWithIoQueueAsync()
    {
        NvmeTestDriver driver = await StartAsync();
        await driver.CreateIoQueuePairAsync(1);
        return driver;
    }

    private static void AssertStatus(NvmeStatus expected, Completion completion) => Assert.Equal(expected, completion.Status);
}
