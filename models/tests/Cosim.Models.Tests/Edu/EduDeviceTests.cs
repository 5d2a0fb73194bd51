using Cosim.Models.Edu;

namespace Cosim.Models.Tests.Edu;

/// <summary>
/// edu through TLPs, checked against what QEMU's own edu (hw/misc/edu.c behind QEMU's memory core) returns for the
/// same guest access.
/// </summary>
public sealed partial class EduDeviceTests
{
    private const ulong Bar0 = 0xFEA0_0000;
    private const int CommandRegister = 0x04;
    private const uint MemorySpaceAndBusMaster = 0x6;
    private const uint MsiData = 0x4021;

    private readonly ManualTaskScheduler _scheduler = new();
    private readonly EduDevice _device;
    private readonly HostHarness _host;

    public EduDeviceTests()
    {
        _device = new EduDevice(dmaStartDelay: TimeSpan.Zero);
        _host = new HostHarness(_device);
        _host.ConfigWrite(0x10, (uint)Bar0);
        _host.ConfigWrite(CommandRegister, MemorySpaceAndBusMaster);
    }

    [Fact]
    public void ConfigSpaceMatchesQemusEdu()
    {
        uint ids = _host.ConfigRead(0x00);
        uint status = _host.ConfigRead(0x04) >> 16;
        uint classAndRevision = _host.ConfigRead(0x08);
        uint subsystem = _host.ConfigRead(0x2C);
        uint capabilitiesPointer = _host.ConfigRead(0x34) & 0xFF;
        uint interruptPin = (_host.ConfigRead(0x3C) >> 8) & 0xFF;
        uint msiHeader = _host.ConfigRead(0x40);

        Assert.Equal(0x11E8_1234u, ids);
        Assert.Equal(0x10u, status & 0x10); // Capabilities List
        Assert.Equal(0x00FF_0010u, classAndRevision); // Class Code 00FF00h, Revision ID 10h
        Assert.Equal(0x1100_1AF4u, subsystem); // QEMU's default 1af4:1100
        Assert.Equal(0x40u, capabilitiesPointer);
        Assert.Equal(1u, interruptPin); // INTA
        Assert.Equal(0x0080_0005u, msiHeader); // MSI, last in the list; 64-bit, 1 vector, no per-vector masking
        Assert.Equal(0, _host.FindCapability(0x10)); // conventional PCI: no PCI Express capability
    }

    [Fact]
    public void Bar0IsA1MiB32BitNonPrefetchableMemoryBar()
    {
        _host.ConfigWrite(0x10, 0xFFFF_FFFF);

        Assert.Equal(0xFFF0_0000u, _host.ConfigRead(0x10));
    }

    [Fact]
    public void DmaStartsAfterQemusTimerOf100MillisecondsByDefault()
    {
        var device = new EduDevice();

        Assert.Equal(TimeSpan.FromMilliseconds(100), device.DmaStartDelay);
        Assert.Equal((1UL << 28) - 1, device.DmaMask);
    }

    private uint Read32(ulong offset) => _host.MemoryRead32(Bar0 + offset);

    private ulong Read64(ulong offset) => _host.MemoryRead64(Bar0 + offset);

    private void Write32(ulong offset, uint value) => _host.MemoryWrite32(Bar0 + offset, value);

    private void Write64(ulong offset, ulong value) => _host.MemoryWrite64(Bar0 + offset, value);

    private void EnableMsi()
    {
        _host.ConfigWrite(0x44, (uint)HostHarness.MsiWindow);
        _host.ConfigWrite(0x48, 0);
        _host.ConfigWrite(0x4C, MsiData);
        _host.ConfigWrite(0x40, 1u << 16); // MSI Enable
    }

    /// <summary>edu's BAR0 offsets (docs/specs/edu.rst).</summary>
    private static class Register
    {
        public const ulong Identification = 0x00;
        public const ulong Liveness = 0x04;
        public const ulong Factorial = 0x08;
        public const ulong Status = 0x20;
        public const ulong InterruptStatus = 0x24;
        public const ulong InterruptRaise = 0x60;
        public const ulong InterruptAcknowledge = 0x64;
        public const ulong DmaSource = 0x80;
        public const ulong DmaDestination = 0x88;
        public const ulong DmaCount = 0x90;
        public const ulong DmaCommand = 0x98;
    }
}
