using System.Buffers.Binary;
using Cosim.Hdl.TlpStream;
using Cosim.Tlp;

namespace Cosim.Hdl.Tests.TlpStream;

/// <summary>
/// rtl/tlp_regfile.sv behind an <see cref="RtlFunction"/>, end to end: configuration from the JSON, TLPs in,
/// completions out, DMA both ways, MSI, MSI-X and INTx, with and without back-pressure.
/// </summary>
public sealed class RtlFunctionTests
{
    private const string Description = "tlp_regfile.json";

    // tlp_regfile.sv's register map (BAR0).
    private const ulong Id = TestHost.Bar0Address + 0x00;
    private const ulong Scratch = TestHost.Bar0Address + 0x04;
    private const ulong MsiVector = TestHost.Bar0Address + 0x08;
    private const ulong Intx = TestHost.Bar0Address + 0x0C;
    private const ulong DmaAddressLow = TestHost.Bar0Address + 0x10;
    private const ulong DmaAddressHigh = TestHost.Bar0Address + 0x14;
    private const ulong DmaLength = TestHost.Bar0Address + 0x18;
    private const ulong DmaControl = TestHost.Bar0Address + 0x1C;
    private const ulong Buffer = TestHost.Bar0Address + 0x20;
    private const ulong Fatal = TestHost.Bar0Address + 0xF8;
    private const uint IdValue = 0xC05E_0001;

    /// <summary>Stream pacing: none, and bubbles and back-pressure on every stream in a fixed pattern.</summary>
    public static TheoryData<string> Pacings => ["none", "throttled"];

    [Fact]
    public async Task ConfigurationReadsReturnTheIdentityFromTheDescription()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);

        uint ids = host.ReadConfig(0x00);
        uint classAndRevision = host.ReadConfig(0x08);

        Assert.Equal(0xC05E_1AF4u, ids);
        Assert.Equal(0xFF00_0001u, classAndRevision);
    }

    [Theory]
    [MemberData(nameof(Pacings))]
    public async Task AMemoryReadIsCompletedByTheRtlWithTheFunctionsId(string pacing)
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description, Options(pacing));
        var host = new TestHost(function);
        host.Enumerate();

        (TlpHeader completion, byte[] payload) = host.ReadCompletion(Id, 4);

        Assert.Equal(TlpKind.CompletionWithData, completion.Kind);
        Assert.Equal(TestHost.FunctionAddress, completion.CompleterId);
        Assert.Equal(IdValue, BinaryPrimitives.ReadUInt32LittleEndian(payload));
        Assert.Empty(host.Errors);
    }

    [Theory]
    [MemberData(nameof(Pacings))]
    public async Task AWriteThenAReadOfScratchRoundTripsThroughTheRtl(string pacing)
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description, Options(pacing));
        var host = new TestHost(function);
        host.Enumerate();

        host.Write32(Scratch, 0x1234_5678);
        host.Write(Scratch + 2, [0xAB]);

        // The one-byte write at offset 6 has First DW BE 0100b: only byte 2 of the register changes.
        Assert.Equal(0x12AB_5678u, host.Read32(Scratch));
        Assert.Empty(host.Errors);
    }

    [Theory]
    [MemberData(nameof(Pacings))]
    public async Task ReadsOfEveryLengthAndOffsetReturnTheRequestedBytes(string pacing)
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description, Options(pacing));
        var host = new TestHost(function);
        host.Enumerate();
        byte[] pattern = [.. Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i))];
        host.Write(Buffer, pattern);

        for (int offset = 0; offset < 8; offset++)
        {
            for (int length = 1; length <= 32 - offset; length++)
            {
                byte[] read = host.Read(Buffer + (ulong)offset, length);

                Assert.Equal(pattern.AsSpan(offset, length).ToArray(), read);
            }
        }

        // The bridge checked every completion's Byte Count, Lower Address and Length against its request.
        Assert.Empty(host.Errors);
    }

    [Theory]
    [MemberData(nameof(Pacings))]
    public async Task WritesOfEveryLengthAndOffsetChangeOnlyTheEnabledBytes(string pacing)
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description, Options(pacing));
        var host = new TestHost(function);
        host.Enumerate();

        for (int offset = 0; offset < 8; offset++)
        {
            for (int length = 1; length <= 32 - offset; length += 5)
            {
                byte[] expected = [.. Enumerable.Repeat((byte)0x11, 32)];
                host.Write(Buffer, expected);
                byte[] data = [.. Enumerable.Range(0, length).Select(i => (byte)(offset * 16 + i))];
                data.CopyTo(expected, offset);

                host.Write(Buffer + (ulong)offset, data);

                Assert.Equal(expected, host.Read(Buffer, 32));
            }
        }

        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task ARequestNoBarDecodesGetsUnsupportedRequestFromTheBridge()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();

        (TlpHeader completion, _) = host.ReadCompletion(0xE000_0000, 4);

        Assert.Equal(CompletionStatus.UnsupportedRequest, completion.Status);
        Assert.DoesNotContain(host.Trace, r => r.Channel == TlpChannel.HostToDeviceRequest);
    }

    [Fact]
    public async Task AReadTheRtlDoesNotServeGetsTheRtlsUnsupportedRequest()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();

        // BAR2 above the MSI-X structures reaches the RTL, which answers only BAR0.
        (TlpHeader completion, _) = host.ReadCompletion(TestHost.Bar2Address + 0xC00, 4);

        Assert.Equal(CompletionStatus.UnsupportedRequest, completion.Status);
        Assert.Contains(host.Trace, r => r.Channel == TlpChannel.DeviceToHostCompletion && r.Header.Status == CompletionStatus.UnsupportedRequest);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task TraceRecordsCarryTheCycleOfEachTransfer()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();
        host.Trace.Clear();

        host.Read32(Id);

        RtlTlpRecord request = Assert.Single(host.Trace, r => r.Channel == TlpChannel.HostToDeviceRequest);
        RtlTlpRecord completion = Assert.Single(host.Trace, r => r.Channel == TlpChannel.DeviceToHostCompletion);
        Assert.Equal(TlpKind.MemoryRead, request.Header.Kind);
        Assert.True(completion.ToHost);
        Assert.True(completion.Cycle > request.Cycle, $"completion at cycle {completion.Cycle}, request at {request.Cycle}");
        Assert.True(function.Cycle >= completion.Cycle);
    }

    [Fact]
    public async Task AnMsiVectorRequestBecomesAMemoryWriteOfTheMessageData()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();
        EnableMsi(host, function, data: 0x4000);

        host.Write32(MsiVector, 2);

        // Four vectors enabled: the low two bits of Message Data carry the vector.
        Assert.Equal([0x4002u], host.Interrupts);
    }

    [Fact]
    public async Task AMaskedMsiVectorBecomesPendingInsteadOfBeingSent()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();
        int msi = EnableMsi(host, function, data: 0x4000);
        host.WriteConfig(msi + 0x10, 1u << 1);

        host.Write32(MsiVector, 1);

        Assert.Empty(host.Interrupts);
        Assert.True(function.ConfigSpace.Msi!.IsPending(1));
    }

    [Fact]
    public async Task AnMsixVectorRequestUsesItsTableEntryAndAMaskedOneIsDeliveredWhenUnmasked()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();
        int msix = Capability(function, "MSI-X");
        host.WriteConfig16(msix + 2, 0x8000);
        ulong entry3 = TestHost.Bar2Address + (3 * 16);
        host.Write32(entry3, (uint)TestHost.MsiAddress);
        host.Write32(entry3 + 4, 0);
        host.Write32(entry3 + 8, 0xBEEF_0003);

        host.Write32(MsiVector, 3);
        bool pending = BitConverter.ToUInt64(host.Read(TestHost.Bar2Address + 0x800, 8)) == 1UL << 3;
        host.Write32(entry3 + 12, 0);

        Assert.True(pending);
        Assert.Equal([0xBEEF_0003u], host.Interrupts);
        Assert.Equal(0u, host.Read32(TestHost.Bar2Address + 0x800));
    }

    [Fact]
    public async Task TheIntxLevelBecomesAssertAndDeassertMessages()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();

        host.Write32(Intx, 1);
        bool status = function.ConfigSpace.InterruptStatus;
        host.Write32(Intx, 0);

        Assert.True(status);
        Assert.Equal([MessageCode.AssertIntA, MessageCode.DeassertIntA], host.IntxMessages.Select(m => m.MessageCode));
    }

    [Fact]
    public async Task InterruptDisableKeepsIntxFromBeingSent()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();
        host.WriteConfig(0x04, 0x0406);

        host.Write32(Intx, 1);

        Assert.Empty(host.IntxMessages);
        Assert.True(function.ConfigSpace.InterruptStatus);
    }

    [Theory]
    [MemberData(nameof(Pacings))]
    public async Task ADmaWriteMovesTheBufferToHostMemoryAndSignalsDone(string pacing)
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description, Options(pacing));
        var host = new TestHost(function);
        host.Enumerate();
        EnableMsi(host, function, data: 0x4000);
        byte[] data = [.. Enumerable.Range(0, 24).Select(i => (byte)(0x30 + i))];
        host.Write(Buffer, data);
        host.Write32(DmaAddressLow, unchecked((uint)(TestHost.MemoryBase + 0x100)));
        host.Write32(DmaAddressHigh, (uint)(TestHost.MemoryBase >> 32));
        host.Write32(DmaLength, 6);

        host.Write32(DmaControl, 0x102);

        Assert.Equal(data, host.Memory.AsSpan(0x100, 24).ToArray());
        Assert.Equal([0x4000u], host.Interrupts);
        Assert.Equal(0x4000_0100u, host.Read32(DmaControl));
        Assert.Empty(host.Errors);
    }

    [Theory]
    [MemberData(nameof(Pacings))]
    public async Task ADmaReadFillsTheBufferFromHostMemory(string pacing)
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description, Options(pacing));
        var host = new TestHost(function);
        host.Enumerate();
        byte[] data = [.. Enumerable.Range(0, 32).Select(i => (byte)(0x70 + i))];
        data.CopyTo(host.Memory, 0x200);
        host.Write32(DmaAddressLow, unchecked((uint)(TestHost.MemoryBase + 0x200)));
        host.Write32(DmaAddressHigh, (uint)(TestHost.MemoryBase >> 32));
        host.Write32(DmaLength, 8);

        host.Write32(DmaControl, 0x1);

        Assert.Equal(data, host.Read(Buffer, 32));
        Assert.Equal(0x4000_0000u, host.Read32(DmaControl));
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task WithoutBusMasterEnableTheRtlRefusesToDma()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate(busMaster: false);
        host.Write32(DmaAddressLow, unchecked((uint)TestHost.MemoryBase));
        host.Write32(DmaAddressHigh, (uint)(TestHost.MemoryBase >> 32));

        host.Write32(DmaControl, 0x2);

        // DMA_CONTROL: done and error set; nothing reached the host.
        Assert.Equal(0x6000_0000u, host.Read32(DmaControl));
        Assert.DoesNotContain(host.Received, r => r.Header.Kind == TlpKind.MemoryWrite);
    }

    [Fact]
    public async Task AnRtlFatalAbortsTheOutstandingRequestAndAResetBringsAFreshModel()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();
        host.Write32(Scratch, 7);

        host.Write32(Fatal, 0xDEAD_DEAD);
        bool failed = function.Failed;
        (TlpHeader afterFailure, _) = host.ReadCompletion(Id, 4);
        function.Reset();
        host.Enumerate();

        Assert.True(failed);
        Assert.Equal(CompletionStatus.CompleterAbort, afterFailure.Status);
        Assert.False(function.Failed);
        Assert.Equal(IdValue, host.Read32(Id));
        Assert.Equal(0u, host.Read32(Scratch));
    }

    [Fact]
    public async Task FunctionLevelResetResetsTheRtl()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();
        host.Write32(Scratch, 0x55);
        int express = Capability(function, "PCI Express");

        host.WriteConfig16(express + 0x08, 0x8000);
        host.Enumerate();

        Assert.Equal(0u, host.Read32(Scratch));
    }

    private static RtlFunctionOptions? Options(string pacing) => pacing == "throttled"
        ? new RtlFunctionOptions { Bridge = new TlpStreamBridgeOptions { Throttle = (cycle, channel) => (cycle + (ulong)channel) % 3 != 0 } }
        : null;

    private static int Capability(RtlFunction function, string name) => name switch
    {
        "MSI" => function.ConfigSpace.Msi!.Offset,
        "MSI-X" => function.ConfigSpace.MsiX!.Offset,
        _ => function.ConfigSpace.PciExpress!.Offset,
    };

    /// <summary>MSI at <see cref="TestHost.MsiAddress"/> with <paramref name="data"/>, 4 vectors enabled; returns the capability offset.</summary>
    private static int EnableMsi(TestHost host, RtlFunction function, ushort data)
    {
        int msi = Capability(function, "MSI");
        host.WriteConfig(msi + 0x04, (uint)TestHost.MsiAddress);
        host.WriteConfig(msi + 0x08, 0);
        host.WriteConfig16(msi + 0x0C, data);
        host.WriteConfig16(msi + 0x02, 0x0021);
        return msi;
    }
}
