using System.Buffers.Binary;
using System.Text;

namespace Cosim.VfioUser.Tests;

/// <summary>QEMU 11.1.3's startup sequence (docs/vfio-user.md §3) against the test function.</summary>
public sealed class StartupTests
{
    [Fact]
    public void VersionReplyIsShortJsonWithinTheRequestSize()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.Connect();

        VfioUserMessage reply = client.Version();

        // QEMU's request is 214 bytes; a larger reply makes realize fail (§9.1).
        Assert.True(reply.Header.MessageSize <= 214);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(reply.Body));
        string json = Encoding.UTF8.GetString(reply.Body.AsSpan(4)).TrimEnd('\0');
        Assert.Equal("{\"capabilities\":{\"max_msg_fds\":16,\"max_data_xfer_size\":1048576}}", json);
        Assert.Equal(0, reply.Body[^1]);
    }

    [Fact]
    public void VersionReplyShrinksToFitASmallRequest()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.Connect();

        VfioUserMessage reply = client.Version("{}");

        Assert.True(reply.Header.MessageSize <= VfioUserHeader.Size + 4 + 3);
        Assert.False(reply.IsError);
    }

    [Fact]
    public void StartupSequenceOfQemuIsAnsweredInOrder()
    {
        using var harness = new ServerHarness();
        using var ram = harness.Own(new GuestRam(0x10000));
        QemuClient client = harness.Connect();

        // 1. VERSION, 2. DMA_MAP before GET_INFO (one shared range, one without fd), 3. GET_INFO.
        Assert.False(client.Version().IsError);
        Assert.False(client.DmaMap(0, 0x10000, 0, ram.Fd).IsError);
        Assert.False(client.DmaMap(0xFFFC_0000, 0x40000, flags: DmaMapFlags.Read).IsError);
        DeviceInfo info = client.GetInfo();

        Assert.Equal(DeviceInfoFlags.Reset | DeviceInfoFlags.Pci, info.Flags);
        Assert.Equal(9u, info.RegionCount);
        Assert.Equal(5u, info.IrqCount);

        // 4. Region info 0-5 and 7: sizes found by sizing the BARs through CfgWr/CfgRd.
        Assert.Equal((ulong)TestFunction.Bar0Size, client.GetRegionInfo(0).RegionSize);
        Assert.Equal((ulong)TestFunction.Bar1Size, client.GetRegionInfo(1).RegionSize);
        Assert.Equal((ulong)TestFunction.Bar2Size, client.GetRegionInfo(2).RegionSize);
        Assert.Equal(0ul, client.GetRegionInfo(3).RegionSize); // upper half of the 64-bit BAR2
        Assert.Equal(0ul, client.GetRegionInfo(4).RegionSize);
        Assert.Equal(0ul, client.GetRegionInfo(5).RegionSize);
        RegionInfo config = client.GetRegionInfo(7);
        Assert.Equal(4096ul, config.RegionSize);
        Assert.Equal(RegionInfoFlags.Read | RegionInfoFlags.Write, config.Flags);

        // 5. ERR irq info: count 0 so that QEMU never stops the VM.
        Assert.Equal(0u, client.GetIrqInfo(IrqIndex.Error).Count);

        // 6. The whole config space in one read.
        byte[] image = client.RegionRead((uint)RegionIndex.Config, 0, 4096);
        Assert.Equal(harness.Function.Config.ToArray(), image);
        Assert.Equal(TestFunction.VendorId, BinaryPrimitives.ReadUInt16LittleEndian(image));
    }

    [Fact]
    public void BarSizingRestoresTheRegistersAndKeepsTheTypeBits()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        Assert.Equal(0x0000_0000u, client.ReadConfig32(0x10));
        Assert.Equal(0x0000_0001u, client.ReadConfig32(0x14));
        Assert.Equal(0x0000_000Cu, client.ReadConfig32(0x18));
        Assert.Equal(0x0000_0000u, client.ReadConfig32(0x30));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(client.RegionRead(7, 4, 2)));
    }

    [Fact]
    public void RegionInfoFlagsBarsReadWriteAndRomReadOnly()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        RegionInfo rom = client.GetRegionInfo((uint)RegionIndex.ExpansionRom);
        RegionInfo bar1 = client.GetRegionInfo(1);
        RegionInfo vga = client.GetRegionInfo((uint)RegionIndex.Vga);

        Assert.Equal((ulong)TestFunction.RomSize, rom.RegionSize);
        Assert.Equal(RegionInfoFlags.Read, rom.Flags);
        Assert.Equal(RegionInfoFlags.Read | RegionInfoFlags.Write, bar1.Flags);
        Assert.Equal(0ul, vga.RegionSize);
        Assert.Equal((RegionInfoFlags)0, vga.Flags);
    }

    [Fact]
    public void IrqCountsComeFromPinAndCapabilities()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        IrqInfo intx = client.GetIrqInfo(IrqIndex.Intx);

        Assert.Equal(1u, intx.Count);
        Assert.Equal(IrqInfoFlags.EventFd | IrqInfoFlags.Maskable | IrqInfoFlags.AutoMasked, intx.Flags);
        Assert.Equal((uint)TestFunction.MsiVectors, client.GetIrqInfo(IrqIndex.Msi).Count);
        Assert.Equal((uint)TestFunction.MsixVectors, client.GetIrqInfo(IrqIndex.Msix).Count);
        Assert.Equal(0u, client.GetIrqInfo(IrqIndex.Request).Count);
    }

    [Fact]
    public void RegionInfoWithTooSmallArgszIsRejected()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        VfioUserMessage reply = client.Call(VfioUserCommand.DeviceGetRegionInfo, QemuClient.AsBytes(new RegionInfo { ArgumentSize = 16, Index = 0 }));

        Assert.True(reply.IsError);
        Assert.Equal(Errno.InvalidArgument, reply.Errno);
    }

    [Fact]
    public void DeviceResetResetsTheFunctionAndKeepsServing()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        int resetsBefore = harness.Function.ResetCount;

        VfioUserMessage reply = client.Call(VfioUserCommand.DeviceReset, []);

        Assert.False(reply.IsError);
        Assert.Equal(VfioUserHeader.Size, (int)reply.Header.MessageSize);
        Assert.Equal(resetsBefore + 1, harness.Function.ResetCount);
        Assert.Equal(0u, client.ReadConfig32(0x10));
    }
}
