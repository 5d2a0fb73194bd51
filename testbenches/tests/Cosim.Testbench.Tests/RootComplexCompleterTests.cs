using Cosim.Testbench.Faults;
using Cosim.Testbench.Memory;
using Cosim.Testbench.Simulation;
using Cosim.Tlp;
using Cosim.Tlp.Checking;
using Cosim.Tlp.Transactions;

namespace Cosim.Testbench.Tests;

/// <summary>The root complex answering the function's DMA: host memory, completion shapes, latency, faults.</summary>
public sealed class RootComplexCompleterTests
{
    [Fact]
    public async Task DmaReadIsAnsweredFromHostMemoryInCompletionsCutAtRcbAndMaxPayloadSize()
    {
        // MRd 512 bytes at buffer + 20h, MPS 256, RCB 64, largest completions: 20h-FFh (224 bytes, the most that ends on
        // an RCB boundary within 256), 100h-1FFh (256), 200h-21Fh (32). Byte Count 512, 288, 32; Lower Address 20h, 0, 0.
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        HostBuffer buffer = rc.Memory.Allocate(4096);
        byte[] data = buffer.FillRandom(seed: 1);

        function.Send(TlpHeader.MemoryRead(function.Id, 5, buffer.Address + 0x20, 512));

        List<(TlpHeader Header, byte[] Payload)> completions = function.CompletionsFor(5);
        Assert.Equal([224, 256, 32], completions.Select(c => c.Header.PayloadSize));
        Assert.Equal([512, 288, 32], completions.Select(c => (int)c.Header.ByteCount));
        Assert.Equal([0x20, 0x00, 0x00], completions.Select(c => (int)c.Header.LowerAddress));
        Assert.Equal(data.AsSpan(0x20, 512).ToArray(), completions.SelectMany(c => c.Payload).ToArray());
    }

    [Theory]
    [InlineData(ReadCompletionBoundary.Bytes64, new[] { 32, 64, 64, 64, 64, 64, 64, 64, 32 })]
    [InlineData(ReadCompletionBoundary.Bytes128, new[] { 96, 128, 128, 128, 32 })]
    public async Task CompletionsAtEveryBoundaryFollowTheReadCompletionBoundary(ReadCompletionBoundary boundary, int[] sizes)
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function, new RootComplexOptions
        {
            ReadCompletionBoundary = boundary,
            CompletionSplitting = CompletionSplitting.AtEveryBoundary,
        });
        HostBuffer buffer = rc.Memory.Allocate(4096);

        function.Send(TlpHeader.MemoryRead(function.Id, 5, buffer.Address + 0x20, 512));

        Assert.Equal(sizes, function.CompletionsFor(5).Select(c => c.Header.PayloadSize));
    }

    [Fact]
    public async Task UnalignedDmaReadReturnsTheRequestedBytesInTheirLanes()
    {
        // MRd 5 bytes at +3: 2 DW, First DW BE 1000b, Last DW BE 1111b; the payload is DW-aligned with byte 3 first.
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        HostBuffer buffer = rc.Memory.Allocate(64);
        buffer.Write([1, 2, 3, 4, 5, 6, 7, 8]);

        function.Send(TlpHeader.MemoryRead(function.Id, 6, buffer.Address + 3, 5));

        (TlpHeader header, byte[] payload) = Assert.Single(function.CompletionsFor(6));
        Assert.Equal(5, header.ByteCount);
        Assert.Equal(3, header.LowerAddress);
        Assert.Equal([4, 5, 6, 7, 8], payload[3..8]);
    }

    [Fact]
    public async Task DmaWriteStoresExactlyTheEnabledBytes()
    {
        // A QW-aligned 2 DW MWr may have holes: First DW BE 0101b, Last DW BE 1010b.
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        HostBuffer buffer = rc.Memory.Allocate(64);
        buffer.Fill(0xEE);
        TlpHeader write = TlpHeader.MemoryWrite(function.Id, 0, buffer.Address, 8) with { FirstDwByteEnables = 0b0101, LastDwByteEnables = 0b1010 };

        function.Send(write, [1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.Equal([1, 0xEE, 3, 0xEE, 0xEE, 6, 0xEE, 8], buffer.Read(0, 8));
    }

    [Fact]
    public async Task UnmappedHostMemoryAnswersReadsWithUnsupportedRequestAndDropsWrites()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        HostBuffer buffer = rc.Memory.Allocate(4096);
        rc.Memory.MarkUnmapped(buffer.Address + 0x800, 0x800);

        function.Send(TlpHeader.MemoryRead(function.Id, 7, buffer.Address + 0x7FC, 8));
        function.Send(TlpHeader.MemoryWrite(function.Id, 0, buffer.Address + 0x800, 4), [9, 9, 9, 9]);

        Assert.Equal(CompletionStatus.UnsupportedRequest, Assert.Single(function.CompletionsFor(7)).Header.Status);
        Assert.Equal(new byte[4], buffer.Read(0x800, 4));
    }

    [Fact]
    public async Task FixedLatencyHoldsCompletionsUntilSimulatedTimeReachesThem()
    {
        // First completion after 2 µs, the next 1 µs apart (MPS 256: a 512-byte read at a 256-aligned address is 2).
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function, new RootComplexOptions
        {
            CompletionLatency = LatencyModel.Fixed(TimeSpan.FromMicroseconds(2), perCompletion: TimeSpan.FromMicroseconds(1)),
        });
        HostBuffer buffer = rc.Memory.Allocate(4096);

        function.Send(TlpHeader.MemoryRead(function.Id, 8, buffer.Address, 512));
        int atStart = function.CompletionsFor(8).Count;
        rc.Clock.Advance(TimeSpan.FromMicroseconds(2));
        int atTwo = function.CompletionsFor(8).Count;
        rc.Clock.Advance(TimeSpan.FromMicroseconds(1));
        int atThree = function.CompletionsFor(8).Count;

        Assert.Equal((0, 1, 2), (atStart, atTwo, atThree));
    }

    [Fact]
    public async Task UniformLatencyReordersCompletionsTheSameWayOnEveryRun()
    {
        ushort[] first = await CompletionOrderAsync(seed: 42);
        ushort[] second = await CompletionOrderAsync(seed: 42);

        Assert.Equal(first, second);
        Assert.NotEqual(first.Order(), first); // reads overtook each other
        Assert.Equal(Enumerable.Range(1, 8).Select(t => (ushort)t), first.Order());
    }

    [Fact]
    public async Task WaitRunsScheduledEventsInSimulatedTime()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new ScriptedFunction());
        var done = new TaskCompletionSource();
        rc.Clock.Schedule(TimeSpan.FromMilliseconds(3), () => done.SetResult());

        await rc.WaitAsync(done.Task, "a scheduled event");

        Assert.Equal(TimeSpan.FromMilliseconds(3), rc.Clock.Now);
    }

    [Theory]
    [InlineData(CompletionStatus.UnsupportedRequest)]
    [InlineData(CompletionStatus.CompleterAbort)]
    public async Task FaultCompletesMatchingReadsWithTheChosenStatus(CompletionStatus status)
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        HostBuffer buffer = rc.Memory.Allocate(4096);
        FaultRule rule = rc.Faults.ForAddressRange(buffer.Address + 0x100, 4).CompleteWith(status);

        function.Send(TlpHeader.MemoryRead(function.Id, 1, buffer.Address, 0x100));
        function.Send(TlpHeader.MemoryRead(function.Id, 2, buffer.Address + 0xFC, 8));

        Assert.Equal(CompletionStatus.SuccessfulCompletion, function.CompletionsFor(1)[0].Header.Status);
        Assert.Equal(status, Assert.Single(function.CompletionsFor(2)).Header.Status);
        Assert.Equal(1, rule.Hits);
    }

    [Fact]
    public async Task PoisonFaultSendsTheDataWithEpSet()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        rc.ExpectViolation(CheckerRule.PoisonedTlp);
        HostBuffer buffer = rc.Memory.Allocate(4096);
        byte[] data = buffer.FillRandom(seed: 3);
        rc.Faults.ForTag(4).Poison();

        function.Send(TlpHeader.MemoryRead(function.Id, 4, buffer.Address, 16));

        (TlpHeader header, byte[] payload) = Assert.Single(function.CompletionsFor(4));
        Assert.True(header.Poisoned);
        Assert.Equal(data[..16], payload);
        Assert.Equal(CheckerRule.PoisonedTlp, Assert.Single(rc.Violations).Rule);
    }

    [Fact]
    public async Task DroppedReadIsReportedByTheCheckerAfterTheCompletionTimeout()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        rc.ExpectViolation(CheckerRule.CompletionTimeout);
        HostBuffer buffer = rc.Memory.Allocate(4096);
        rc.Faults.When(r => r.Kind == TlpKind.MemoryRead, "every read").Drop().Times(1);
        TlpHeader dropped = TlpHeader.MemoryRead(function.Id, 9, buffer.Address, 4);

        function.Send(dropped);
        function.Send(TlpHeader.MemoryRead(function.Id, 10, buffer.Address, 4));
        rc.Clock.Advance(rc.Options.CompletionTimeout);

        Assert.Empty(function.CompletionsFor(9));
        Assert.Single(function.CompletionsFor(10));
        CheckerViolation violation = Assert.Single(rc.Violations);
        Assert.Equal((CheckerRule.CompletionTimeout, dropped), (violation.Rule, violation.Tlp));
    }

    [Fact]
    public async Task DelayFaultAnswersLaterInSimulatedTime()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        HostBuffer buffer = rc.Memory.Allocate(4096);
        rc.Faults.ForAddressRange(buffer.Address, 4096).DelayBy(TimeSpan.FromMicroseconds(10));

        function.Send(TlpHeader.MemoryRead(function.Id, 11, buffer.Address, 4));
        function.Send(TlpHeader.MemoryWrite(function.Id, 0, buffer.Address + 8, 4), [1, 2, 3, 4]);
        (int completions, byte written) early = (function.CompletionsFor(11).Count, buffer.Read(8, 1)[0]);
        rc.Clock.Advance(TimeSpan.FromMicroseconds(10));
        (int completions, byte written) late = (function.CompletionsFor(11).Count, buffer.Read(8, 1)[0]);

        Assert.Equal((0, (byte)0), early);
        Assert.Equal((1, (byte)1), late);
    }

    [Fact]
    public async Task RemovedFaultStopsActing()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        HostBuffer buffer = rc.Memory.Allocate(4096);
        FaultRule rule = rc.Faults.ForTag(12).CompleteWith(CompletionStatus.CompleterAbort);

        rule.Remove();
        function.Send(TlpHeader.MemoryRead(function.Id, 12, buffer.Address, 4));

        Assert.Equal(CompletionStatus.SuccessfulCompletion, Assert.Single(function.CompletionsFor(12)).Header.Status);
        Assert.Empty(rc.Faults.Rules);
    }

    [Fact]
    public async Task NonMemoryRequestsOfTheFunctionAreUnsupported()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);

        function.Send(TlpHeader.IoRead(function.Id, 13, 0x100, 4));

        Assert.Equal(CompletionStatus.UnsupportedRequest, Assert.Single(function.CompletionsFor(13)).Header.Status);
    }

    [Fact]
    public async Task OtherMessagesAreRecorded()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);

        function.Send(TlpHeader.Message(function.Id, MessageCode.ErrorCorrectable, MessageRouting.ToRootComplex));

        Assert.Equal(MessageCode.ErrorCorrectable, Assert.Single(rc.Messages).MessageCode);
    }

    // Eight 4-byte reads issued together with latencies drawn from [1 µs, 9 µs]: the order their completions arrive in.
    private static async Task<ushort[]> CompletionOrderAsync(int seed)
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function, new RootComplexOptions
        {
            CompletionLatency = LatencyModel.Uniform(TimeSpan.FromMicroseconds(1), TimeSpan.FromMicroseconds(9), seed),
        });
        HostBuffer buffer = rc.Memory.Allocate(4096);
        for (ushort tag = 1; tag <= 8; tag++)
        {
            function.Send(TlpHeader.MemoryRead(function.Id, tag, buffer.Address + (ulong)(tag * 4), 4));
        }

        rc.Clock.Advance(TimeSpan.FromMicroseconds(10));
        return [.. function.Received.Where(r => r.Header.IsCompletion).Select(r => r.Header.Tag)];
    }
}
