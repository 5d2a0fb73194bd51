using Cosim.Models.TestDevice;
using Cosim.Testbench.Enumeration;
using Cosim.Testbench.Memory;
using Cosim.Testbench.Simulation;
using Cosim.Tlp;
using Cosim.Tlp.Checking;

namespace Cosim.Testbench.Tests;

/// <summary>Timeouts, hangs, expected and unexpected violations, reset.</summary>
public sealed class RootComplexLifecycleTests
{
    [Fact]
    public async Task UnansweredReadTimesOutInSimulatedTimeNamingTheRequest()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        rc.ExpectViolation(CheckerRule.CompletionTimeout);
        function.AnswersReads = false;

        Task<uint> read = rc.Function.GetBar(ScriptedFunction.RamBar).ReadUInt32Async(0x40);
        rc.Clock.Advance(rc.Options.CompletionTimeout);

        CompletionTimeoutException thrown = await Assert.ThrowsAsync<CompletionTimeoutException>(() => read);
        Assert.Contains(thrown.Request.ToString(), thrown.Message, StringComparison.Ordinal);
        Assert.Equal(rc.Function.GetBar(ScriptedFunction.RamBar).Address + 0x40, thrown.Request.Address);
        Assert.Equal(CheckerRule.CompletionTimeout, Assert.Single(rc.Violations).Rule);
    }

    [Fact]
    public async Task SilentLinkLetsTheWaitRunOnToTheDeadline()
    {
        // Nobody advances the clock: after DeadlineGrace of silence the wait moves simulated time to the timeout.
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function, new RootComplexOptions { DeadlineGrace = TimeSpan.FromMilliseconds(20) });
        rc.ExpectViolation(CheckerRule.CompletionTimeout);
        function.AnswersReads = false;

        await Assert.ThrowsAsync<CompletionTimeoutException>(() => rc.Function.GetBar(ScriptedFunction.RamBar).ReadUInt32Async(0));

        Assert.True(rc.Clock.Now >= rc.Options.CompletionTimeout);
    }

    [Fact]
    public async Task WaitingForAnInterruptThatNeverComesFailsAsAHangNamingIt()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new CosimTestDevice(), new RootComplexOptions { HangTimeout = TimeSpan.FromMilliseconds(50) });
        var vectors = await rc.ConfigureMsiAsync();

        TestbenchTimeoutException thrown = await Assert.ThrowsAsync<TestbenchTimeoutException>(() => vectors[1].WaitAsync());

        Assert.Contains("MSI vector 1", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(0, vectors[1].Pending);
    }

    [Fact]
    public async Task UnexpectedViolationFailsTheNextWaitAndTheDispose()
    {
        var function = new ScriptedFunction();
        RootComplex rc = await RootComplex.StartAsync(function);
        Bar bar = rc.Function.GetBar(ScriptedFunction.RamBar);

        function.Send(TlpHeader.MemoryWrite(function.Id, 0, 0x10_0FF0, 32)); // crosses 4 KiB
        TlpCheckerException failedFast = await Assert.ThrowsAsync<TlpCheckerException>(() => bar.ReadUInt32Async(0));
        TestbenchFailureException atDispose = Assert.Throws<TestbenchFailureException>(rc.Dispose);

        Assert.Equal(CheckerRule.CrossesFourKiBBoundary, failedFast.Violation.Rule);
        Assert.Contains(nameof(CheckerRule.CrossesFourKiBBoundary), Assert.Single(atDispose.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectedViolationThatNeverHappensFailsTheDispose()
    {
        RootComplex rc = await RootComplex.StartAsync(new ScriptedFunction());
        rc.ExpectViolation(CheckerRule.PoisonedTlp);

        TestbenchFailureException thrown = Assert.Throws<TestbenchFailureException>(rc.Dispose);

        Assert.Contains("expected a PoisonedTlp violation", Assert.Single(thrown.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeDeliversCompletionsStillScheduled()
    {
        var function = new ScriptedFunction();
        RootComplex rc = await RootComplex.StartAsync(function, new RootComplexOptions
        {
            CompletionLatency = LatencyModel.Fixed(TimeSpan.FromMicroseconds(5)),
        });
        HostBuffer buffer = rc.Memory.Allocate(64);

        function.Send(TlpHeader.MemoryRead(function.Id, 3, buffer.Address, 4));
        await rc.DisposeAsync();

        Assert.Single(function.CompletionsFor(3));
    }

    [Fact]
    public async Task ResetFunctionForgetsEnumerationUntilItRunsAgain()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);
        await rc.ConfigureMsiAsync();

        rc.ResetFunction();
        bool enumerated = function.Config.MemorySpaceEnable;
        await rc.EnumerateAsync();

        Assert.Equal(1, function.Resets);
        Assert.False(enumerated);
        Assert.Empty(rc.Msi);
        Assert.True(function.Config.MemorySpaceEnable);
    }

    [Fact]
    public void FunctionBeforeEnumerationSaysWhatToDo()
    {
        using var rc = new RootComplex(new ScriptedFunction());

        InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(() => rc.Function);

        Assert.Contains("EnumerateAsync", thrown.Message, StringComparison.Ordinal);
    }
}
