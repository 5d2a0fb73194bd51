namespace Cosim.Hdl.Tests;

/// <summary>The signal-level API against rtl/signals.sv (a counter, ports of every storage class, a failure-mode input).</summary>
public sealed class VerilatedModelTests
{
    private const string Signals = "signals.sv";

    // signals.sv's mode input.
    private const ulong ModeFatal = 1;
    private const ulong ModeStop = 2;
    private const ulong ModeAssert = 3;
    private const ulong ModeFinish = 4;
    private const ulong ModeDisplay = 5;

    [Fact]
    public async Task TickCountsTheFirstRisingEdgeOfAFreshModel()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);

        model.Tick();

        Assert.Equal(1UL, model["count"].Value);
        Assert.Equal(1UL, model.Cycle);
    }

    [Fact]
    public async Task TheFirstRisingEdgeAfterResetIsNotLost()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        model.Tick(5);

        model.Reset(model["rst"], cycles: 3);
        ulong afterReset = model["count"].Value;
        model.Tick();

        Assert.Equal(0UL, afterReset);
        Assert.Equal(1UL, model["count"].Value);
    }

    [Fact]
    public async Task TickWithACountRunsThatManyCyclesInOneCall()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);

        model.Tick(1000);

        Assert.Equal(1000UL, model["count"].Value);
        Assert.Equal(1000UL, model.Cycle);
    }

    [Fact]
    public async Task TimeAdvancesByTwoHalfPeriodsPerCycle()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        model.HalfPeriod = 2000;

        model.Tick(3);

        Assert.Equal(12_000UL, model.Time);
        Assert.Equal(-12, model.TimePrecision);
    }

    [Fact]
    public async Task PortsAreListedInPinOrderWithDirectionAndWidth()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);

        string[] described = [.. model.Ports.Select(p => $"{p.Name}:{p.Direction}:{p.Width}")];

        Assert.Equal(
            [
                "clk:Input:1", "rst:Input:1", "mode:Input:3", "narrow_in:Input:12", "narrow_echo:Output:12", "narrow_plus_one:Output:13",
                "count:Output:32", "q_in:Input:64", "q_tagged:Output:65", "wide_in:Input:128", "wide_out:Output:128", "wide_registered:Output:128",
            ],
            described);
        Assert.Equal("clk", model.Clock?.Name);
    }

    [Fact]
    public async Task WritingANarrowPortMasksTheBitsAboveItsWidth()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        Port narrow = model["narrow_in"];

        narrow.Value = 0xFFFF_FFFF_FFFF_F123;
        model.Eval();

        // 12 bits of 0x...F123 are 0x123; the RTL adds one to what it sees: 0x124, not 0xF124 (13 bits).
        Assert.Equal(0x123UL, narrow.Value);
        Assert.Equal(0x123UL, model["narrow_echo"].Value);
        Assert.Equal(0x124UL, model["narrow_plus_one"].Value);
    }

    [Fact]
    public async Task AllOnesInATwelveBitPortCarriesIntoTheThirteenthBit()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);

        model["narrow_in"].Value = 0xFFF;
        model.Eval();

        Assert.Equal(0x1000UL, model["narrow_plus_one"].Value);
    }

    [Fact]
    public async Task SixtyFourBitInputReachesASixtyFiveBitOutputAsThreeWords()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        model["q_in"].Value = 0x8877_6655_4433_2211;
        Span<uint> words = stackalloc uint[3];

        model.Eval();
        model["q_tagged"].Read(words);

        // q_tagged = {1'b1, q_in}: bit 64 set, so the third word is 1.
        Assert.Equal([0x4433_2211u, 0x8877_6655u, 1u], words.ToArray());
        Assert.Equal(((UInt128)1 << 64) | 0x8877_6655_4433_2211, model["q_tagged"].ReadUInt128());
    }

    [Fact]
    public async Task WidePortsRoundTripAsWordsBytesAndUInt128()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        Port wide = model["wide_in"];
        UInt128 value = new(0x0F0E_0D0C_0B0A_0908, 0x0706_0504_0302_0100);

        wide.Write(value);
        model.Eval();
        Span<byte> bytes = stackalloc byte[16];
        model["wide_out"].Read(bytes);

        // wide_out swaps the 64-bit halves: bytes 0..7 come from the upper half (08..0F), bytes 8..15 from the lower.
        Assert.Equal(value, wide.ReadUInt128());
        Assert.Equal(
            new byte[] { 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 },
            bytes.ToArray());
    }

    [Fact]
    public async Task WideInputIsRegisteredAtTheRisingEdge()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        model["wide_in"].Write([1u, 2u, 3u, 4u]);

        model.Tick();
        model["wide_in"].Write([9u]);
        Span<uint> registered = stackalloc uint[4];
        model["wide_registered"].Read(registered);

        Assert.Equal([1u, 2u, 3u, 4u], registered.ToArray());
    }

    [Fact]
    public async Task WritingWordsShorterThanAWidePortZeroesTheRest()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        Port wide = model["wide_in"];
        wide.Write([0xFFFF_FFFFu, 0xFFFF_FFFFu, 0xFFFF_FFFFu, 0xFFFF_FFFFu]);

        wide.Write([5u]);

        Assert.Equal((UInt128)5, wide.ReadUInt128());
    }

    [Fact]
    public async Task WritingBitsBeyondAWidePortThrows()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);

        Assert.Throws<ArgumentException>(() => model["wide_in"].Write([0u, 0u, 0u, 0u, 1u]));
    }

    [Fact]
    public async Task TheValueOfAPortWiderThanSixtyFourBitsThrows()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);

        InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(() => model["wide_in"].Value);

        Assert.Contains("128 bits", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrivingAnOutputPortThrows()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);

        InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(() => model["count"].Value = 1);

        Assert.Contains("output", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownPortNameThrowsListingThePorts()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);

        KeyNotFoundException thrown = Assert.Throws<KeyNotFoundException>(() => model["cnt"]);

        Assert.Contains("count", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FatalInTheRtlThrowsWithItsMessageAndTheCycleAndTheProcessLives()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        model.Tick(7);
        model["mode"].Value = ModeFatal;

        RtlSimulationException thrown = Assert.Throws<RtlSimulationException>(() => model.Tick(10));

        Assert.Equal(VerilatorStatus.Stopped, thrown.Status);
        Assert.Equal(7UL, thrown.Cycle);
        Assert.Contains("signals: fatal requested at count 7", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("signals.sv", thrown.Message, StringComparison.Ordinal);
        Assert.True(model.Failed);
    }

    [Fact]
    public async Task AFailedModelRefusesToEvaluateAgain()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        model["mode"].Value = ModeStop;
        Assert.Throws<RtlSimulationException>(model.Tick);

        RtlSimulationException thrown = Assert.Throws<RtlSimulationException>(model.Tick);

        Assert.Equal(VerilatorStatus.ModelFailed, thrown.Status);
    }

    [Fact]
    public async Task StopInTheRtlThrowsNamingTheSourceLine()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        model.Tick(2);
        model["mode"].Value = ModeStop;

        RtlSimulationException thrown = Assert.Throws<RtlSimulationException>(model.Tick);

        Assert.Equal(VerilatorStatus.Stopped, thrown.Status);
        Assert.Equal(2UL, thrown.Cycle);
        Assert.Matches(@"\$stop at .*signals\.sv:\d+", thrown.NativeMessage);
    }

    [Fact]
    public async Task AFailedAssertionThrowsWithTheAssertionMessage()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        model.Tick(4);
        model["mode"].Value = ModeAssert;

        RtlSimulationException thrown = Assert.Throws<RtlSimulationException>(model.Tick);

        Assert.Equal(4UL, thrown.Cycle);
        Assert.Contains("signals: mode 3 is forbidden (count 4)", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FinishEndsATickEarlyAndSetsFinished()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        model["mode"].Value = ModeFinish;

        model.Tick(100);

        Assert.True(model.Finished);
        Assert.Equal(1UL, model.Cycle);
        Assert.False(model.Failed);
    }

    [Fact]
    public async Task DisplayOutputIsKeptForReadOutput()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        model.Tick(3);
        model["mode"].Value = ModeDisplay;

        model.Tick(2);
        string output = model.ReadOutput();

        Assert.Equal("signals: count is 3\nsignals: count is 4\n", output);
        Assert.Equal(string.Empty, model.ReadOutput());
    }

    [Fact]
    public async Task DisposeRunsFinalBlocksAndLaterAccessThrowsObjectDisposed()
    {
        VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        Port count = model["count"];

        model.Dispose();

        Assert.True(model.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => count.Value);
        Assert.Throws<ObjectDisposedException>(model.Tick);
        model.Dispose();
    }

    [Fact]
    public async Task TwoModelsOfOneDesignKeepSeparateState()
    {
        using VerilatedModel first = await TestDesigns.OpenAsync(Signals);
        using VerilatedModel second = first.Design.CreateModel("SECOND");
        second.EchoOutput = false;

        first.Tick(10);
        second.Tick(3);

        Assert.Equal(10UL, first["count"].Value);
        Assert.Equal(3UL, second["count"].Value);
        Assert.Same(first.Design, second.Design);
    }

    [Fact]
    public async Task ModelsOfTwoDesignsInterleavedOnOneThreadKeepTheirOwnContextsAndOutput()
    {
        using VerilatedModel signals = await TestDesigns.OpenAsync(Signals);
        VerilatedModel other = await TestDesigns.OpenAsync("typed_ports.sv");
        using VerilatedModel second = signals.Design.CreateModel("SECOND");
        second.EchoOutput = false;
        signals["mode"].Value = ModeDisplay;
        second["mode"].Value = ModeDisplay;

        signals.Tick(2);
        other.Tick(3);
        second.Tick(1);
        other.Dispose();
        signals.Tick(1);

        // Each model's $display output went to that model: the shim found it through the thread's context.
        Assert.Equal("signals: count is 0\nsignals: count is 1\nsignals: count is 2\n", signals.ReadOutput());
        Assert.Equal("signals: count is 0\n", second.ReadOutput());
        Assert.Equal(3UL, signals["count"].Value);
    }

    [Fact]
    public async Task AModelCanBeDrivenFromAnotherThread()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);

        await Task.Run(() => model.Tick(5));

        Assert.Equal(5UL, model["count"].Value);
    }

    [Fact]
    public async Task TheClockMustBeAOneBitInput()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);

        Assert.Throws<ArgumentException>(() => model.Clock = model["mode"]);
        Assert.Throws<ArgumentException>(() => model.Clock = model["count"]);
    }

    [Fact]
    public async Task TickWithoutAClockThrows()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);
        model.Clock = null;

        InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(model.Tick);

        Assert.Contains("no clock", thrown.Message, StringComparison.Ordinal);
    }
}
