namespace Cosim.Qemu.Tests;

public sealed class QemuCommandLineTests
{
    private static readonly GuestImage s_image = new("/cache/vmlinuz", "/cache/initrd.gz");

    [Fact]
    public void BuildPutsEachCosimDeviceBehindItsOwnRootPort()
    {
        var options = new GuestRunOptions
        {
            TestName = "smoke",
            Devices = [new VfioUserDevice("/tmp/a.sock"), new VfioUserDevice("/tmp/b.sock", 20000)],
        };

        IReadOnlyList<string> args = QemuCommandLine.Build(options, s_image, "tcg");

        Assert.Contains("pcie-root-port,id=rp0,chassis=1,slot=1", args);
        Assert.Contains("pcie-root-port,id=rp1,chassis=2,slot=2", args);
        Assert.Contains("""{"driver":"vfio-user-pci","socket":{"type":"unix","path":"/tmp/a.sock"},"bus":"rp0","x-msg-timeout":5000}""", args);
        Assert.Contains("""{"driver":"vfio-user-pci","socket":{"type":"unix","path":"/tmp/b.sock"},"bus":"rp1","x-msg-timeout":20000}""", args);
    }

    [Fact]
    public void BuildBacksGuestRamWithASharedMemfdSoDmaMapsCarryFds()
    {
        var options = new GuestRunOptions { TestName = "smoke", MemoryMiB = 512 };

        IReadOnlyList<string> args = QemuCommandLine.Build(options, s_image, "kvm");

        Assert.Contains("memory-backend-memfd,id=ram0,size=512M,share=on", args);
        Assert.Contains("memory-backend=ram0", args);
        Assert.Equal("kvm", args[args.ToList().IndexOf("-accel") + 1]);
    }

    [Fact]
    public void BuildAddsInterruptRemappingWithoutDmaTranslationWhenAsked()
    {
        var options = new GuestRunOptions { TestName = "smoke", InterruptRemapping = true };

        IReadOnlyList<string> args = QemuCommandLine.Build(options, s_image, "tcg");

        Assert.Contains("intel-iommu,intremap=on,dma-translation=off", args);
    }

    [Fact]
    public void KernelCommandLineNamesTheTestItsArgumentsModulesAndTimeout()
    {
        var options = new GuestRunOptions
        {
            TestName = "mmio",
            TestArguments = ["1234:11e8", "0x10"],
            Modules = ["vfio_pci"],
            TestTimeout = TimeSpan.FromSeconds(90),
        };

        string line = QemuCommandLine.KernelCommandLine(options);

        Assert.Contains("cosim.test=mmio", line, StringComparison.Ordinal);
        Assert.Contains("cosim.args=1234:11e8,0x10", line, StringComparison.Ordinal);
        Assert.Contains("cosim.modules=vfio_pci", line, StringComparison.Ordinal);
        Assert.Contains("cosim.timeout=90", line, StringComparison.Ordinal);
        Assert.Contains("console=ttyS0", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("a,b")]
    public void KernelCommandLineRejectsArgumentsItCannotCarry(string argument)
    {
        var options = new GuestRunOptions { TestName = "smoke", TestArguments = [argument] };

        ArgumentException error = Assert.Throws<ArgumentException>(() => QemuCommandLine.KernelCommandLine(options));

        Assert.Contains(argument, error.Message, StringComparison.Ordinal);
    }
}
