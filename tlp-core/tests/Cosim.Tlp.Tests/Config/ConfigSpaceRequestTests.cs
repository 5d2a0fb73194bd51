using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Tests.Config;

public sealed class ConfigSpaceRequestTests
{
    private static readonly PcieId RootComplex = PcieId.From(0, 0, 0);
    private static readonly PcieId Function = PcieId.From(1, 0, 0);

    [Fact]
    public void CfgRd0IsAnsweredWithCplDCarryingTheDwordInAddressOrder()
    {
        var config = SampleFunctions.Full();
        var upstream = new CapturingReceiver();
        TlpHeader request = TlpHeader.ConfigRead(RootComplex, tag: 0x2A, Function, offset: 0, byteCount: 4);

        config.HandleRequest(request, [], Function, upstream);

        TlpHeader completion = upstream.Single;
        Assert.Equal(TlpKind.CompletionWithData, completion.Kind);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
        Assert.Equal((ushort)1, completion.Length);
        Assert.Equal((ushort)4, completion.ByteCount);   // §2.2.9: 4 for configuration completions
        Assert.Equal((byte)0, completion.LowerAddress);
        Assert.Equal((RootComplex, (ushort)0x2A, Function), (completion.RequesterId, completion.Tag, completion.CompleterId));
        Assert.Equal(new byte[] { 0x34, 0x12, 0xE8, 0x11 }, upstream.SinglePayload); // Vendor 1234h, Device 11E8h
    }

    [Theory]
    [InlineData(0x3D, 1, 0b0010, 1, new byte[] { 0x01 })]             // Interrupt Pin: byte 1 of DW 3Ch
    [InlineData(0x02, 2, 0b1100, 2, new byte[] { 0xE8, 0x11 })]       // Device ID: upper word of DW 00h
    [InlineData(0x09, 2, 0b0110, 1, new byte[] { 0x00, 0xFF })]       // Prog IF and Sub-Class: middle of DW 08h
    [InlineData(0x0B, 1, 0b1000, 3, new byte[] { 0x00 })]             // Base Class: byte 3
    [InlineData(0x102, 2, 0b1100, 2, new byte[] { 0x02, 0x00 })]      // AER version/next, in extended space
    public void UnalignedByteAndWordReadsReturnEnabledBytesAtTheirLanes(int offset, int byteCount, byte expectedBe, int lane, byte[] expected)
    {
        var config = SampleFunctions.Full();
        var upstream = new CapturingReceiver();
        TlpHeader request = TlpHeader.ConfigRead(RootComplex, tag: 1, Function, offset, byteCount);

        config.HandleRequest(request, [], Function, upstream);

        Assert.Equal(expectedBe, request.FirstDwByteEnables);
        Assert.Equal(expected, upstream.SinglePayload[lane..(lane + byteCount)]);
    }

    [Fact]
    public void CfgWr0AppliesOnlyBytesEnabledByFirstDwBe()
    {
        var config = SampleFunctions.Full();
        config.SetStatus(StatusFlags.ReceivedMasterAbort);
        var upstream = new CapturingReceiver();

        // Word write to Status (06h): BE 1100b. Bytes 0-1 (Command) carry FFh but are not enabled.
        TlpHeader request = TlpHeader.ConfigWrite(RootComplex, tag: 3, Function, offset: 0x06, byteCount: 2);
        config.HandleRequest(request, [0xFF, 0xFF, 0x00, 0x20], Function, upstream);

        Assert.Equal(CommandFlags.None, config.Command);
        Assert.Equal(StatusFlags.CapabilitiesList, config.Status);
        TlpHeader completion = upstream.Single;
        Assert.Equal(TlpKind.Completion, completion.Kind);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
        Assert.Equal((ushort)4, completion.ByteCount);
    }

    [Fact]
    public void CfgWr0WithNonContiguousByteEnablesWritesEachEnabledByte()
    {
        var config = SampleFunctions.Full();
        var upstream = new CapturingReceiver();
        TlpHeader request = TlpHeader.ConfigWrite(RootComplex, tag: 4, Function, offset: SampleFunctions.MsiOffset + 4, byteCount: 4)
            with { FirstDwByteEnables = 0b0101 };

        config.HandleRequest(request, [0x10, 0x22, 0x30, 0x44], Function, upstream);

        Assert.Equal(0x0030_0010UL, config.Msi!.Address);
    }

    [Fact]
    public void ByteWriteThroughTlpReachesInterruptLine()
    {
        var config = SampleFunctions.Full();
        var upstream = new CapturingReceiver();
        TlpHeader request = TlpHeader.ConfigWrite(RootComplex, tag: 5, Function, offset: 0x3C, byteCount: 1);

        config.HandleRequest(request, [0x0B, 0xEE, 0xEE, 0xEE], Function, upstream);

        Assert.Equal(0x0000_010Bu, config.ReadUInt32(0x3C));
    }

    [Theory]
    [InlineData(TlpKind.ConfigRead1)]
    [InlineData(TlpKind.ConfigWrite1)]
    public void Type1ConfigurationRequestIsUnsupportedByAnEndpoint(TlpKind kind)
    {
        var config = SampleFunctions.Full();
        var upstream = new CapturingReceiver();
        TlpHeader request = TlpHeader.ConfigRead(RootComplex, tag: 6, Function, offset: 0, byteCount: 4) with { Kind = kind };

        config.HandleRequest(request, kind == TlpKind.ConfigWrite1 ? new byte[4] : [], Function, upstream);

        TlpHeader completion = upstream.Single;
        Assert.Equal(TlpKind.Completion, completion.Kind);
        Assert.Equal(CompletionStatus.UnsupportedRequest, completion.Status);
        Assert.Equal((ushort)6, completion.Tag);
    }

    [Fact]
    public void UnsupportedRequestIsLoggedAsAdvisoryNonFatalWithHeader()
    {
        var config = SampleFunctions.Full();
        var upstream = new CapturingReceiver();
        TlpHeader request = TlpHeader.ConfigRead(RootComplex, tag: 7, Function, offset: 0, byteCount: 4) with { Kind = TlpKind.ConfigRead1 };

        config.HandleRequest(request, [], Function, upstream);

        Assert.Equal(
            DeviceStatusFlags.UnsupportedRequestDetected | DeviceStatusFlags.CorrectableErrorDetected,
            config.PciExpress!.DeviceStatus);
        Assert.Equal(AerUncorrectableErrors.UnsupportedRequestError, config.Aer!.UncorrectableErrorStatus);
        Assert.Equal(AerCorrectableErrors.AdvisoryNonFatalError, config.Aer.CorrectableErrorStatus);
        Span<byte> expected = stackalloc byte[16];
        TlpCodec.EncodeHeader(request, expected);
        Span<byte> log = stackalloc byte[16];
        config.Aer.ReadHeaderLog(log);
        Assert.Equal(expected.ToArray(), log.ToArray());
    }

    [Fact]
    public void NonPostedNonConfigurationRequestGetsUnsupportedRequest()
    {
        var config = SampleFunctions.Full();
        var upstream = new CapturingReceiver();
        TlpHeader request = TlpHeader.MemoryRead(RootComplex, tag: 8, address: 0xFEB0_0000, byteCount: 4);

        config.HandleRequest(request, [], Function, upstream);

        Assert.Equal(CompletionStatus.UnsupportedRequest, upstream.Single.Status);
    }

    [Fact]
    public void PostedRequestGetsNoCompletionAndIsLoggedNonFatal()
    {
        var config = SampleFunctions.Full();
        var upstream = new CapturingReceiver();
        TlpHeader request = TlpHeader.MemoryWrite(RootComplex, tag: 0, address: 0xFEB0_0000, byteCount: 4);

        config.HandleRequest(request, new byte[4], Function, upstream);

        Assert.Empty(upstream.Received);
        Assert.Equal(
            DeviceStatusFlags.UnsupportedRequestDetected | DeviceStatusFlags.NonFatalErrorDetected,
            config.PciExpress!.DeviceStatus);
    }

    [Fact]
    public void PoisonedCfgWr0IsDiscardedAndCompletedWithUnsupportedRequest()
    {
        var config = SampleFunctions.Full();
        var upstream = new CapturingReceiver();
        TlpHeader request = TlpHeader.ConfigWrite(RootComplex, tag: 9, Function, offset: 0x04, byteCount: 2) with { Poisoned = true };

        config.HandleRequest(request, [0x07, 0x00, 0x00, 0x00], Function, upstream);

        Assert.Equal(CompletionStatus.UnsupportedRequest, upstream.Single.Status);
        Assert.Equal(CommandFlags.None, config.Command);
        Assert.True((config.Status & StatusFlags.DetectedParityError) != 0);
        Assert.Equal(AerUncorrectableErrors.PoisonedTlpReceived, config.Aer!.UncorrectableErrorStatus);
    }

    public static TheoryData<TlpHeader, int> MalformedRequests() => new()
    {
        { TlpHeader.ConfigRead(RootComplex, 10, Function, 0, 4) with { Length = 2 }, 0 },
        { TlpHeader.ConfigRead(RootComplex, 10, Function, 0, 4) with { LastDwByteEnables = 0b1111 }, 0 },
        { TlpHeader.ConfigRead(RootComplex, 10, Function, 0, 4) with { Address = 0x1000 }, 0 },
        { TlpHeader.ConfigWrite(RootComplex, 10, Function, 0, 4), 2 },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void MalformedConfigurationRequestIsDroppedAndLoggedAsFatalMalformedTlp(TlpHeader request, int payloadLength)
    {
        var config = SampleFunctions.Full();
        var upstream = new CapturingReceiver();

        config.HandleRequest(request, new byte[payloadLength], Function, upstream);

        Assert.Empty(upstream.Received);
        Assert.Equal(AerUncorrectableErrors.MalformedTlp, config.Aer!.UncorrectableErrorStatus);
        Assert.Equal(DeviceStatusFlags.FatalErrorDetected, config.PciExpress!.DeviceStatus);
    }

    [Fact]
    public void ConventionalFunctionAnswersUnsupportedRequestWithoutPciExpressLogging()
    {
        var config = SampleFunctions.With(new MsiCapability());
        var upstream = new CapturingReceiver();
        TlpHeader request = TlpHeader.ConfigRead(RootComplex, tag: 11, Function, offset: 0, byteCount: 4) with { Kind = TlpKind.ConfigRead1 };

        config.HandleRequest(request, [], Function, upstream);

        Assert.Equal(CompletionStatus.UnsupportedRequest, upstream.Single.Status);
    }

    [Fact]
    public void ConfigurationReadAndWriteAllocateNothing()
    {
        var config = SampleFunctions.Full();
        var upstream = new DiscardingReceiver();
        TlpHeader read = TlpHeader.ConfigRead(RootComplex, tag: 12, Function, offset: 0x04, byteCount: 4);
        TlpHeader write = TlpHeader.ConfigWrite(RootComplex, tag: 13, Function, offset: 0x04, byteCount: 2);
        ReadOnlySpan<byte> data = [0x06, 0x00, 0x00, 0x00];
        config.HandleRequest(read, [], Function, upstream);
        config.HandleRequest(write, data, Function, upstream);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            config.HandleRequest(read, [], Function, upstream);
            config.HandleRequest(write, data, Function, upstream);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private sealed class DiscardingReceiver : ITlpReceiver
    {
        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
        {
        }
    }
}
