using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Cosim.Tlp;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser.Tests;

/// <summary>The function's DMA: shared memfd guest RAM, DMA_READ/DMA_WRITE messages, UR for unmapped memory.</summary>
public sealed class DmaTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void DeviceWriteLandsInSharedGuestRam()
    {
        using var harness = new ServerHarness();
        GuestRam ram = harness.Own(new GuestRam(0x10000));
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0, 0x10000, 0, ram.Fd);
        ServerHarness.ProgramBars(client);
        byte[] pattern = [.. Enumerable.Range(0, 256).Select(i => (byte)(i ^ 0x5A))];
        client.RegionWrite(0, 0, pattern);

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DmaToGuest, dmaAddress: 0x1003, length: 256);
        client.RegionRead(0, 0, 4);

        Assert.Equal(pattern, ram.Bytes.Slice(0x1003, 256).ToArray());
        Assert.Equal(0, ram.Bytes[0x1002]);
        Assert.Equal(0, ram.Bytes[0x1003 + 256]);
    }

    [Fact]
    public void DeviceReadFromSharedGuestRamIsCompletedInPiecesWithinRcbAndMps()
    {
        using var harness = new ServerHarness();
        GuestRam ram = harness.Own(new GuestRam(0x10000));
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0, 0x10000, 0, ram.Fd);
        ServerHarness.ProgramBars(client);
        byte[] pattern = [.. Enumerable.Range(0, 500).Select(i => (byte)(i * 3))];
        pattern.CopyTo(ram.Bytes[0x2011..]);

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DmaFromGuest, dmaAddress: 0x2011, length: 500);
        client.RegionRead(0, 0x800, 4);

        Assert.True(harness.Function.DmaDone.Wait(Timeout));
        Assert.Equal(pattern, harness.Function.Bar0[..500].ToArray());
        TlpHeader[] completions = [.. harness.Function.DmaCompletions];
        Assert.True(completions.Length > 2);
        foreach (TlpHeader completion in completions)
        {
            // The function's Device Control says Max_Payload_Size 128 (power-on), below the endpoint's own 256; every
            // completion but the last of a request ends on the 64-byte RCB.
            int bytes = Math.Min(completion.ByteCount, (completion.Length * 4) - (completion.LowerAddress & 3));
            Assert.True(completion.Length * 4 <= 128);
            Assert.True(bytes == completion.ByteCount || (completion.LowerAddress + bytes) % 64 == 0);
        }
    }

    [Fact]
    public void DeviceReadCompletionsGrowToTheMaxPayloadSizeSoftwareProgrammed()
    {
        using var harness = new ServerHarness();
        GuestRam ram = harness.Own(new GuestRam(0x10000));
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0, 0x10000, 0, ram.Fd);
        ServerHarness.ProgramBars(client);
        client.WriteConfig16(TestFunction.PciExpressCapability + 8, 0x0020); // Device Control: Max_Payload_Size 001b = 256

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DmaFromGuest, dmaAddress: 0x2000, length: 512);
        client.RegionRead(0, 0x800, 4);

        Assert.True(harness.Function.DmaDone.Wait(Timeout));
        Assert.Equal(256, harness.Function.DmaCompletions.Max(c => c.Length * 4));
    }

    [Fact]
    public void DeviceReadOfUnmappedMemoryGetsUnsupportedRequestAndOneLogLine()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DmaFromGuest, dmaAddress: 0x90_0000, length: 16);
        client.RegionRead(0, 0x800, 4);

        Assert.True(harness.Function.DmaDone.Wait(Timeout));
        Assert.Equal(CompletionStatus.UnsupportedRequest, harness.Function.LastDmaStatus);
        Assert.Equal(1, harness.Logger.Count(LogLevel.Warning, "0x900000"));
    }

    [Fact]
    public void DeviceWriteToUnmappedMemoryIsDroppedWithOneLogLine()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DmaToGuest, dmaAddress: 0x70_0000, length: 4);
        client.RegionRead(0, 0x800, 4);

        Assert.Equal(1, harness.Logger.Count(LogLevel.Warning, "0x700000"));
    }

    [Fact]
    public void DeviceDmaWithoutFdUsesDmaWriteAndDmaReadMessages()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0x10_0000, 0x10000);
        ServerHarness.ProgramBars(client);
        byte[] pattern = [.. Enumerable.Range(0, 200).Select(i => (byte)(255 - i))];
        client.RegionWrite(0, 0, pattern);

        // Write: the function sends 128 + 72 bytes; each MemWr becomes one DMA_WRITE that waits for its reply.
        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DmaToGuest, dmaAddress: 0x10_0010, length: 200);
        VfioUserMessage first = client.Receive();
        client.Reply(first, first.Body.AsSpan(0, DmaTransfer.Size));
        VfioUserMessage second = client.Receive();
        client.Reply(second, second.Body.AsSpan(0, DmaTransfer.Size));

        Assert.Equal(VfioUserCommand.DmaWrite, first.Header.Command);
        DmaTransfer firstTransfer = MemoryMarshal.Read<DmaTransfer>(first.Body);
        Assert.Equal(0x10_0010ul, firstTransfer.Address);
        Assert.Equal(128ul, firstTransfer.Count);
        Assert.Equal(pattern[..128], first.Body[DmaTransfer.Size..]);
        Assert.Equal(0x10_0090ul, MemoryMarshal.Read<DmaTransfer>(second.Body).Address);
        Assert.Equal(pattern[128..], second.Body[DmaTransfer.Size..]);

        // Read: one DMA_READ; while it is unanswered the connection still serves region accesses (§9.4).
        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DmaFromGuest, dmaAddress: 0x10_0100, length: 300);
        VfioUserMessage read = client.Receive();
        byte[] stillServed = client.RegionRead(7, 0, 2);
        DmaTransfer transfer = MemoryMarshal.Read<DmaTransfer>(read.Body);
        byte[] data = [.. Enumerable.Range(0, 300).Select(i => (byte)(i + 1))];
        client.Reply(read, [.. read.Body.AsSpan(0, DmaTransfer.Size), .. data]);

        Assert.Equal(VfioUserCommand.DmaRead, read.Header.Command);
        Assert.Equal(32u, read.Header.MessageSize);
        Assert.Equal(0x10_0100ul, transfer.Address);
        Assert.Equal(300ul, transfer.Count);
        Assert.Equal(TestFunction.VendorId, BinaryPrimitives.ReadUInt16LittleEndian(stillServed));
        Assert.True(harness.Function.DmaDone.Wait(Timeout));
        Assert.Equal(data, harness.Function.Bar0[..300].ToArray());
    }

    [Fact]
    public void MsixAfterMessageDmaWaitsForTheDmaWriteReply()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0x10_0000, 0x10000);
        ServerHarness.ProgramBars(client);
        using var vector0 = new EventFd();
        client.RegionWrite(7, TestFunction.MsixCapability + 3, [0x80]);
        client.SetIrqs(IrqIndex.Msix, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 1, [vector0.Fd]);

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DmaToGuest, dmaAddress: 0x10_0000, length: 4);
        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.RaiseMsix, vector: 0);
        VfioUserMessage write = client.Receive();
        client.RegionRead(0, 0, 4); // both commands have been handed to the endpoint by now
        ulong beforeReply = vector0.Take();
        client.Reply(write, write.Body.AsSpan(0, DmaTransfer.Size));

        Assert.Equal(VfioUserCommand.DmaWrite, write.Header.Command);
        Assert.Equal(0ul, beforeReply);
        Assert.Equal(1ul, vector0.WaitAndTake(Timeout));
    }

    [Fact]
    public void DmaMessageErrorReplyBecomesUnsupportedRequest()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0x10_0000, 0x10000);
        ServerHarness.ProgramBars(client);

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DmaFromGuest, dmaAddress: 0x10_0000, length: 8);
        VfioUserMessage read = client.Receive();
        client.Reply(read, [], Errno.NoDevice); // QEMU: bus mastering is off

        Assert.True(harness.Function.DmaDone.Wait(Timeout));
        Assert.Equal(CompletionStatus.UnsupportedRequest, harness.Function.LastDmaStatus);
    }

    [Fact]
    public void MappingsOfOneFileShareOneMmapAndUnmapReleasesIt()
    {
        using var harness = new ServerHarness();
        GuestRam ram = harness.Own(new GuestRam(0x10000));
        QemuClient client = harness.ConnectAndStart();
        int baseline = TestInterop.OpenFdCount();

        client.DmaMap(0, 0x8000, 0, ram.Fd);
        client.DmaMap(0x1_0000_0000, 0x8000, 0x8000, ram.Fd);
        int mappedFds = TestInterop.OpenFdCount();
        (int ranges, int backings) = (harness.Server.Memory.RangeCount, harness.Server.Memory.BackingCount);
        client.DmaUnmap(0, 0x8000);
        client.DmaUnmap(0x1_0000_0000, 0x8000);

        Assert.Equal(baseline, mappedFds); // no fd is kept
        Assert.Equal((2, 1), (ranges, backings));
        Assert.Equal((0, 0), (harness.Server.Memory.RangeCount, harness.Server.Memory.BackingCount));
    }

    [Fact]
    public void OverlappingDmaMapIsRejectedWithEexist()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0x10_0000, 0x2000);

        VfioUserMessage reply = client.DmaMap(0x10_1000, 0x2000);

        Assert.Equal(Errno.Exists, reply.Errno);
    }

    [Fact]
    public void DeviceReadAfterUnmapGetsUnsupportedRequest()
    {
        using var harness = new ServerHarness();
        GuestRam ram = harness.Own(new GuestRam(0x10000));
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0, 0x10000, 0, ram.Fd);
        ServerHarness.ProgramBars(client);
        client.DmaUnmap(0, 0x10000);

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DmaFromGuest, dmaAddress: 0x100, length: 4);
        client.RegionRead(0, 0x800, 4);

        Assert.True(harness.Function.DmaDone.Wait(Timeout));
        Assert.Equal(CompletionStatus.UnsupportedRequest, harness.Function.LastDmaStatus);
    }

    [Fact]
    public void DmaReadMessagesAreSplitAtTheChunkSize()
    {
        using var harness = new ServerHarness(new VfioUserServerOptions { DmaMessageChunkSize = 256 });
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0x10_0000, 0x10000);
        ServerHarness.ProgramBars(client);

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DmaFromGuest, dmaAddress: 0x10_0000, length: 500);
        VfioUserMessage first = client.Receive();
        client.Reply(first, [.. first.Body.AsSpan(0, DmaTransfer.Size), .. new byte[256]]);
        VfioUserMessage second = client.Receive();
        client.Reply(second, [.. second.Body.AsSpan(0, DmaTransfer.Size), .. new byte[244]]);

        Assert.Equal((0x10_0000ul, 256ul), (MemoryMarshal.Read<DmaTransfer>(first.Body).Address, MemoryMarshal.Read<DmaTransfer>(first.Body).Count));
        Assert.Equal((0x10_0100ul, 244ul), (MemoryMarshal.Read<DmaTransfer>(second.Body).Address, MemoryMarshal.Read<DmaTransfer>(second.Body).Count));
        Assert.True(harness.Function.DmaDone.Wait(Timeout));
        Assert.Equal(CompletionStatus.SuccessfulCompletion, harness.Function.LastDmaStatus);
    }

    [Fact]
    public void UnmapAllRemovesEveryRange()
    {
        using var harness = new ServerHarness();
        GuestRam ram = harness.Own(new GuestRam(0x10000));
        QemuClient client = harness.ConnectAndStart();
        client.DmaMap(0, 0x8000, 0, ram.Fd);
        client.DmaMap(0x10_0000, 0x1000);

        VfioUserMessage reply = client.DmaUnmap(0, 0, DmaUnmapFlags.All);

        Assert.False(reply.IsError);
        Assert.Equal((0, 0), (harness.Server.Memory.RangeCount, harness.Server.Memory.BackingCount));
    }
}
