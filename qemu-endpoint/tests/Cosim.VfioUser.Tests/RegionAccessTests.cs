using System.Buffers.Binary;
using Cosim.Tlp;

namespace Cosim.VfioUser.Tests;

/// <summary>REGION_READ/REGION_WRITE on config space, memory BARs, the I/O BAR and the ROM.</summary>
public sealed class RegionAccessTests
{
    [Theory]
    [InlineData(0x00, 1)]
    [InlineData(0x01, 1)]
    [InlineData(0x02, 2)]
    [InlineData(0x3D, 1)]
    [InlineData(0x40, 4)]
    [InlineData(0x52, 2)]
    [InlineData(0x0E, 4)] // crosses a DW boundary: two CfgRds
    public void ConfigReadOfEveryWidthReturnsTheFunctionsBytes(int offset, int count)
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        byte[] data = client.RegionRead((uint)RegionIndex.Config, (ulong)offset, (uint)count);

        Assert.Equal(harness.Function.Config.Slice(offset, count).ToArray(), data);
    }

    [Fact]
    public void ConfigReadUsesTheFirstDwByteEnablesOfTheAccess()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        harness.Function.Received.Clear();

        client.RegionRead((uint)RegionIndex.Config, 0x3D, 1);

        TlpHeader read = Assert.Single(harness.Function.Received);
        Assert.Equal(TlpKind.ConfigRead0, read.Kind);
        Assert.Equal(0x3Cul, read.Address);
        Assert.Equal(0b0010, read.FirstDwByteEnables);   // byte 1 of the DW at 0x3C
        Assert.Equal(TestFunction.Id, read.DestinationId);
        Assert.Equal(default, read.RequesterId);          // 00:00.0
    }

    [Fact]
    public void ConfigWritesOfEveryWidthReachTheFunction()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        client.RegionWrite(7, 0x3C, [0x0B]);
        client.WriteConfig16(0x04, 0x0006);
        client.WriteConfig32(TestFunction.MsiCapability + 4, 0xFEE0_1000);

        Assert.Equal(0x0B, client.RegionRead(7, 0x3C, 1)[0]);
        Assert.Equal(0x0006, BinaryPrimitives.ReadUInt16LittleEndian(client.RegionRead(7, 4, 2)));
        Assert.Equal(0xFEE0_1000u, client.ReadConfig32(TestFunction.MsiCapability + 4));
    }

    [Theory]
    [InlineData(1, 0x13)]
    [InlineData(2, 0x22)]
    [InlineData(4, 0x44)]
    [InlineData(8, 0x80)]
    public void MemoryBarReadAndWriteOfEveryWidth(int width, int offset)
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        byte[] pattern = [0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x07, 0x18];
        harness.Function.Received.Clear();

        client.RegionWrite(0, (ulong)offset, pattern.AsSpan(0, width));
        byte[] read = client.RegionRead(0, (ulong)offset, (uint)width);

        Assert.Equal(pattern[..width], read);
        Assert.Equal(pattern[..width], harness.Function.Bar0.Slice(offset, width).ToArray());
        TlpHeader write = harness.Function.Received.First(h => h.Kind == TlpKind.MemoryWrite);
        Assert.Equal(ServerHarness.Bar0Address + (ulong)(offset & ~3), write.Address);
        Assert.Equal(width == 8 ? 2 : 1, write.Length);
    }

    [Fact]
    public void SixtyFourBitBarIsAccessedAtItsFullAddress()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        harness.Function.Received.Clear();

        client.RegionRead(2, 0x2000, 4);

        TlpHeader read = Assert.Single(harness.Function.Received);
        Assert.Equal(ServerHarness.Bar2Address + 0x2000, read.Address);
        Assert.True(read.FourDwHeader);
    }

    [Theory]
    [InlineData(1, 0x5)]
    [InlineData(2, 0x6)]
    [InlineData(4, 0x8)]
    public void IoBarUsesIoRequestsOfEveryWidth(int width, int offset)
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        byte[] pattern = [0x5A, 0x6B, 0x7C, 0x8D];
        harness.Function.Received.Clear();

        client.RegionWrite(1, (ulong)offset, pattern.AsSpan(0, width));
        byte[] read = client.RegionRead(1, (ulong)offset, (uint)width);

        Assert.Equal(pattern[..width], read);
        Assert.Equal([TlpKind.IoWrite, TlpKind.IoRead], harness.Function.Received.Select(h => h.Kind));
        Assert.Equal(ServerHarness.Bar1Address + (ulong)(offset & ~3), harness.Function.Received.First().Address);
    }

    [Fact]
    public void PostedWriteIsNeverAnsweredAndReachesTheFunctionBeforeTheNextRead()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);

        client.PostBar32(0, 0x100, 0xCAFE_F00D);
        ushort readId = client.Send(VfioUserCommand.RegionRead, QemuClient.AsBytes(new RegionAccess { Offset = 0x100, Region = 0, Count = 4 }));
        VfioUserMessage reply = client.Receive();

        // The first message back answers the read, not the posted write, and sees its data.
        Assert.Equal(readId, reply.Header.MessageId);
        Assert.Equal(0xCAFE_F00Du, BinaryPrimitives.ReadUInt32LittleEndian(reply.Body.AsSpan(RegionAccess.Size)));
    }

    [Fact]
    public void BarShadowFollowsReprogramming()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        client.RegionWrite(0, 0x10, [1, 2, 3, 4]);

        client.WriteConfig32(0x10, 0xFD00_0000);
        harness.Function.Received.Clear();
        byte[] read = client.RegionRead(0, 0x10, 4);

        Assert.Equal([1, 2, 3, 4], read);
        Assert.Equal(0xFD00_0010ul, Assert.Single(harness.Function.Received).Address);
    }

    [Fact]
    public void BarsTheFunctionLostInAResetAreRestoredFromTheGuestsView()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        client.RegionWrite(0, 0x10, [5, 6, 7, 8]);

        // An FLR is a config write elsewhere (Device Control); the function clears its BARs, QEMU's emulated
        // BARs (what the guest reads) keep the addresses, so nobody but the endpoint can put them back.
        harness.Function.ForgetBarAddresses();
        client.WriteConfig16(0x0C, 0x0010);
        byte[] read = client.RegionRead(0, 0x10, 4);

        Assert.Equal([5, 6, 7, 8], read);
        Assert.Equal((uint)ServerHarness.Bar0Address, BinaryPrimitives.ReadUInt32LittleEndian(harness.Function.Config[0x10..]) & 0xFFFF_FFF0);
        Assert.Equal((uint)(ServerHarness.Bar2Address >> 32), BinaryPrimitives.ReadUInt32LittleEndian(harness.Function.Config[0x1C..]));
    }

    [Fact]
    public void UnclaimedBarReadReturnsAllOnesAndLogsOnce()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        client.WriteConfig16(0x04, 0x0000); // memory decoding off: the function answers UR

        byte[] read = client.RegionRead(0, 0x20, 4);

        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF], read);
        Assert.Equal(1, harness.Logger.Count(Microsoft.Extensions.Logging.LogLevel.Warning, "RegionRead"));
    }

    [Fact]
    public void RomReadReturnsTheImageEvenWithTheRomBarDisabled()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        byte[] rom = client.RegionRead((uint)RegionIndex.ExpansionRom, 0, TestFunction.RomSize);

        Assert.Equal(Enumerable.Range(0, TestFunction.RomSize).Select(i => (byte)(i * 7)), rom);
        Assert.Equal(0u, client.ReadConfig32(0x30));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(client.RegionRead(7, 4, 2)));
    }

    [Theory]
    [InlineData(0u, 0xFFFul, 4u)]     // crosses the end of BAR0
    [InlineData(0u, 0x1000ul, 1u)]    // starts past it
    [InlineData(7u, 0xFFEul, 4u)]     // config space ends at 4096
    [InlineData(3u, 0ul, 4u)]         // upper half of a 64-bit BAR has size 0
    [InlineData(9u, 0ul, 4u)]         // no such region
    [InlineData(0u, 0ul, 0u)]         // count 0
    public void OutOfBoundsAccessIsRejectedAndTheConnectionGoesOn(uint region, ulong offset, uint count)
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);

        VfioUserMessage reply = client.RegionReadMessage(region, offset, count);

        Assert.True(reply.IsError);
        Assert.Equal(Errno.InvalidArgument, reply.Errno);
        Assert.Equal(TestFunction.VendorId, BinaryPrimitives.ReadUInt16LittleEndian(client.RegionRead(7, 0, 2)));
    }

    [Fact]
    public void RegionWriteWhoseCountDisagreesWithTheSizeIsRejected()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        byte[] payload = QemuClient.AsBytes(new RegionAccess { Offset = 0x3C, Region = 7, Count = 4 }).Concat(new byte[] { 1, 2 }).ToArray();

        VfioUserMessage reply = client.Call(VfioUserCommand.RegionWrite, payload);

        Assert.Equal(Errno.InvalidArgument, reply.Errno);
        Assert.Equal(1, harness.Logger.Count(Microsoft.Extensions.Logging.LogLevel.Warning, "RegionWrite: rejected"));
    }
}
