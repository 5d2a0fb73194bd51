using Cosim.Tlp.Transactions;

namespace Cosim.VfioUser.Tests;

/// <summary>The upstream's one-copy DMA (<see cref="IDirectMemoryPath"/>): taken in shared guest RAM only.</summary>
public sealed class DirectMemoryPathTests
{
    [Fact]
    public void AWholeTransferAcrossPagesIsOneCopyThroughSharedGuestRam()
    {
        using var harness = new ServerHarness();
        GuestRam ram = harness.Own(new GuestRam(0x10000));
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0, 0x10000, 0, ram.Fd);
        var direct = (IDirectMemoryPath)harness.Function.Upstream!;
        byte[] pattern = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))]; // 0x1003 + 5000 crosses two 4 KiB pages
        byte[] back = new byte[pattern.Length];

        Assert.True(direct.TryWriteMemory(0x1003, pattern));
        Assert.True(direct.TryReadMemory(0x1003, back));

        Assert.Equal(pattern, ram.Bytes.Slice(0x1003, pattern.Length).ToArray());
        Assert.Equal(pattern, back);
        Assert.Equal(0, ram.Bytes[0x1002]);
    }

    [Theory]
    [InlineData(0x90_0000UL)]   // unmapped: the TLP path answers UR and logs it
    [InlineData(0xFEE0_0000UL)] // the MSI window: its writes are interrupts
    [InlineData(0xFFF8UL)]      // runs past the end of the mapped range
    public void TransfersTheTlpPathMustAnswerAreRefused(ulong address)
    {
        using var harness = new ServerHarness();
        GuestRam ram = harness.Own(new GuestRam(0x10000));
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0, 0x10000, 0, ram.Fd);
        var direct = (IDirectMemoryPath)harness.Function.Upstream!;

        Assert.False(direct.TryWriteMemory(address, new byte[16]));
        Assert.False(direct.TryReadMemory(address, new byte[16]));
    }

    [Fact]
    public void WithDirectMemoryAccessOffEveryTransferIsRefused()
    {
        using var harness = new ServerHarness(new VfioUserServerOptions { DirectMemoryAccess = false });
        GuestRam ram = harness.Own(new GuestRam(0x10000));
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0, 0x10000, 0, ram.Fd);
        var direct = (IDirectMemoryPath)harness.Function.Upstream!;

        Assert.False(direct.TryWriteMemory(0x1000, new byte[16]));
        Assert.False(direct.TryReadMemory(0x1000, new byte[16]));
    }
}
