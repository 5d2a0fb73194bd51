using Cosim.Models.TestDevice;
using Cosim.Testbench.Enumeration;
using Cosim.Tlp;
using Cosim.Tlp.Checking;

namespace Cosim.Testbench.Tests;

public sealed class RootComplexRequestTests
{
    /// <summary>cocotbext-pcie's run_test_rc_mem sweep: lengths 1-31 at offsets 0-7 and across a 4 KiB boundary.</summary>
    public static TheoryData<ulong> SweepOffsets => new() { 0, 1, 2, 3, 4, 5, 6, 7, 4088, 4089, 4090, 4091, 4092, 4093, 4094, 4095 };

    [Theory]
    [MemberData(nameof(SweepOffsets))]
    public async Task ReadsAndWritesOfEveryLengthAtOddOffsetsRoundTrip(ulong offset)
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        Bar bar = rc.Function.GetBar(ScriptedFunction.RamBar);

        for (int length = 1; length <= 31; length++)
        {
            byte[] data = [.. Enumerable.Range(0, length).Select(i => (byte)(length + i))];
            await bar.WriteAsync(offset, data);
            byte[] readBack = await bar.ReadAsync(offset, length);

            Assert.Equal(data, readBack);
            Assert.Equal(data, function.Ram(ScriptedFunction.RamBar).AsSpan((int)offset, length).ToArray());
        }
    }

    [Fact]
    public async Task LargeReadIsSplitIntoRequestsThatNeverCross4KiB()
    {
        // 10000 bytes from offset 100h: MRds of at most 4 KiB that end on 4 KiB boundaries; the function answers each
        // with completions of at most Max_Payload_Size (the checker verifies byte counts and lower addresses).
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        Bar bar = rc.Function.GetBar(ScriptedFunction.RamBar);
        byte[] data = new byte[10_000];
        new Random(7).NextBytes(data);
        data.CopyTo(function.Ram(ScriptedFunction.RamBar), 0x100);

        byte[] readBack = await bar.ReadAsync(0x100, data.Length);

        TlpHeader[] reads = [.. function.Received.Select(r => r.Header).Where(h => h.Kind == TlpKind.MemoryRead)];
        Assert.Equal(data, readBack);
        Assert.Equal([960, 1024, 516], reads.Select(r => (int)r.Length)); // 100h-FFFh (F00h bytes), 1000h-1FFFh, 2000h-280Fh (810h)
        Assert.All(reads, r => Assert.True((r.Address & 0xFFF) + (ulong)(r.Length * 4) <= 0x1000));
    }

    [Fact]
    public async Task LargeWriteIsSplitAtMaxPayloadSize()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        Bar bar = rc.Function.GetBar(ScriptedFunction.RamBar);

        await bar.WriteAsync(0x10, new byte[1000]);

        Assert.All(function.Received, r => Assert.True(r.Header.PayloadSize <= 256));
        Assert.Equal([240, 256, 256, 248], function.Received.Select(r => r.Header.PayloadSize)); // 10h-FFh, 100h-1FFh, 200h-2FFh, 300h-3F7h
    }

    [Fact]
    public async Task AlignedQuadwordAccessIsOneTwoDwordRequest()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        Bar bar = rc.Function.GetBar(ScriptedFunction.RamBar);

        await bar.WriteUInt64Async(0x18, 0x0123_4567_89AB_CDEF);
        ulong value = await bar.ReadUInt64Async(0x18);

        Assert.Equal(0x0123_4567_89AB_CDEFUL, value);
        Assert.All(function.Received.Where(r => !r.Header.IsCompletion), r => Assert.Equal((ushort)2, r.Header.Length));
        Assert.All(function.Received, r => Assert.True(r.Header.FourDwHeader)); // the BAR is above 4 GiB
    }

    [Fact]
    public async Task IoBarIsReadAndWrittenWithIoRequests()
    {
        var device = new CosimTestDevice();
        await using RootComplex rc = await RootComplex.StartAsync(device);
        Bar io = rc.Function.GetBar(2);

        await io.WriteUInt32Async(0x00, 0xCAFE_F00D);
        uint scratch = await io.ReadUInt32Async(0x00);
        uint identification = await io.ReadUInt32Async(0x04);
        ushort upperHalf = await io.ReadUInt16Async(0x06);

        Assert.Equal(0xCAFE_F00Du, scratch);
        Assert.Equal(CosimTestDevice.IoIdentification, identification);
        Assert.Equal((ushort)(CosimTestDevice.IoIdentification >> 16), upperHalf);
    }

    [Fact]
    public async Task ConfigurationAccessesOfAnyWidthAndAlignment()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);

        byte[] header = await rc.ConfigReadAsync(0x01, 6); // Vendor ID high byte through Status
        await rc.ConfigWriteUInt8Async(0x0C, 0x10); // Cache Line Size
        byte cacheLine = await rc.ConfigReadUInt8Async(0x0C);
        ushort deviceId = await rc.ConfigReadUInt16Async(0x02);

        Assert.Equal(0x12, header[0]); // Vendor ID 1234h, high byte
        Assert.Equal([0xEF, 0xBE], header[1..3]); // Device ID BEEFh
        Assert.Equal(0x10, cacheLine);
        Assert.Equal(0xBEEF, deviceId);
        Assert.Equal(0x10, function.Config.CacheLineSize);
    }

    [Fact]
    public async Task ReadThatNoBarDecodesFailsWithUnsupportedRequest()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new ScriptedFunction());
        const ulong nowhere = 0xE000_0000;

        UnsuccessfulCompletionException thrown = await Assert.ThrowsAsync<UnsuccessfulCompletionException>(() => rc.ReadUInt32Async(nowhere));

        Assert.Equal(CompletionStatus.UnsupportedRequest, thrown.Status);
        Assert.Equal(nowhere, thrown.Request.Address);
    }

    [Fact]
    public async Task ManyConcurrentReadsEachGetTheirOwnTag()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        Bar bar = rc.Function.GetBar(ScriptedFunction.RamBar);
        for (int i = 0; i < 300; i++)
        {
            function.Ram(ScriptedFunction.RamBar)[i * 4] = (byte)i;
        }

        uint[] values = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => bar.ReadUInt32Async((ulong)i * 4)));

        Assert.Equal(Enumerable.Range(0, 300).Select(i => (uint)(byte)i), values);
    }

    [Fact]
    public async Task TraceSeesEveryTlpInBothDirections()
    {
        var trace = new List<(LinkDirection Direction, TlpKind Kind)>();
        await using var rc = new RootComplex(new ScriptedFunction(), new RootComplexOptions { Trace = (d, h) => trace.Add((d, h.Kind)) });

        await rc.ConfigReadUInt32Async(0);

        Assert.Equal([(LinkDirection.Downstream, TlpKind.ConfigRead0), (LinkDirection.Upstream, TlpKind.CompletionWithData)], trace);
    }
}
