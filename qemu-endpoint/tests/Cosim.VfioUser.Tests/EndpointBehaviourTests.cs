using System.Buffers.Binary;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser.Tests;

/// <summary>Completions from another thread, a hung function, and the allocation-free region access path.</summary>
public sealed class EndpointBehaviourTests
{
    [Fact]
    public void StartupAndAccessesWorkWhenTheFunctionCompletesFromAnotherThread()
    {
        using var harness = new ServerHarness(wrap: inner => new ThreadHopFunction(inner));
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);

        client.RegionWrite(0, 0x40, [9, 8, 7, 6]);
        byte[] read = client.RegionRead(0, 0x40, 4);

        Assert.Equal((ulong)TestFunction.Bar0Size, client.GetRegionInfo(0).RegionSize);
        Assert.Equal([9, 8, 7, 6], read);
    }

    [Fact]
    public void ReadThatTheFunctionNeverCompletesFailsWithEioAndTheConnectionGoesOn()
    {
        ThreadHopFunction? hop = null;
        using var harness = new ServerHarness(
            new VfioUserServerOptions { CompletionTimeout = TimeSpan.FromMilliseconds(100) },
            inner => hop = new ThreadHopFunction(inner));
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        hop!.DropMemoryReads = true;

        VfioUserMessage reply = client.RegionReadMessage(0, 0, 4);

        Assert.Equal(Errno.InputOutput, reply.Errno);
        Assert.Equal(1, harness.Logger.Count(LogLevel.Warning, "TimedOut"));
        Assert.Equal(TestFunction.VendorId, BinaryPrimitives.ReadUInt16LittleEndian(client.RegionRead(7, 0, 2)));
    }

    [Fact]
    public void BarReadsAllocateNothingOnTheConnectionThread()
    {
        using var harness = new ServerHarness();
        harness.Logger.MinimumLevel = LogLevel.Information;
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        harness.Function.RecordRequests = false;
        for (int i = 0; i < 100; i++)
        {
            client.RegionRead(0, (ulong)(i * 8 % 0x800), 8);
        }

        long before = harness.Function.AllocatedBytesAtLastMemoryRead;
        for (int i = 0; i < 1000; i++)
        {
            client.PostBar32(0, (ulong)(i * 4 % 0x800), (uint)i);
            client.RegionRead(0, (ulong)(i * 8 % 0x800), 8);
        }

        long after = harness.Function.AllocatedBytesAtLastMemoryRead;

        Assert.Equal(0, after - before);
    }
}
