using Cosim.Server.Checking;
using Cosim.Server.Injection;
using Cosim.Server.Tests.Fakes;
using Cosim.Tlp;
using Cosim.Tlp.Checking;

namespace Cosim.Server.Tests.Injection;

public sealed class ErrorInjectingFunctionTests : IDisposable
{
    private const ulong Buffer = 0x1000_0000;
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(20);

    private readonly ScriptedFunction _device = new();
    private readonly RecordingLoggerFactory _logs = new();
    private readonly ManualClock _clock = new();
    private readonly CheckingFunction _checking;
    private ErrorInjectingFunction? _injector;
    private RecordingHost? _host;

    public ErrorInjectingFunctionTests()
    {
        // As the server stacks them: the checker at the device, injection facing the link.
        _checking = new CheckingFunction(_device, "dev0", _logs.CreateLogger("checker"), TimeSpan.FromSeconds(1), _clock);
    }

    private RecordingHost Host => _host!;

    public void Dispose()
    {
        _injector?.Dispose();
        _checking.Dispose();
    }

    [Theory]
    [InlineData(InjectionAction.CompleterAbort, CompletionStatus.CompleterAbort)]
    [InlineData(InjectionAction.UnsupportedRequest, CompletionStatus.UnsupportedRequest)]
    public void AMatchingReadIsAnsweredWithTheStatusAndNeverReachesTheHost(InjectionAction action, CompletionStatus status)
    {
        Arm(InjectionRule.For(InjectionRequestKind.MemoryRead, action));

        _device.Read(Buffer, 64, tag: 9);

        TlpHeader completion = Assert.Single(_device.ReceivedCompletions, c => c.Tag == 9);
        Assert.Equal(status, completion.Status);
        Assert.Equal(TlpKind.Completion, completion.Kind);
        Assert.Equal(ScriptedFunction.Id, completion.RequesterId);
        Assert.Equal(default, completion.CompleterId);
        Assert.DoesNotContain(Host.ReceivedRequests, r => r.Kind == TlpKind.MemoryRead);
        Assert.Empty(_checking.Violations); // an unsuccessful completion is protocol-correct
        Assert.True(_logs.Contains(410, "MemRd"));
    }

    [Fact]
    public void APoisonedReadGetsTheHostsDataInCompletionsThatAllCarryEp()
    {
        Arm(InjectionRule.For(InjectionRequestKind.MemoryRead, InjectionAction.Poison) with { Count = 1 });

        _device.Read(Buffer, 200, tag: 1); // 200 bytes: four completions at the 64-byte boundaries
        _device.Read(Buffer, 8, tag: 2);

        TlpHeader[] poisoned = [.. _device.ReceivedCompletions.Where(c => c.Tag == 1)];
        Assert.Equal(4, poisoned.Length);
        Assert.All(poisoned, c => Assert.True(c.Poisoned));
        Assert.Equal(unchecked((byte)(Buffer + 5)), _device.Received.Single(r => r.Header.Tag == 1 && r.Header.IsCompletion && r.Header.ByteCount == 200).Payload[5]);
        Assert.False(Assert.Single(_device.ReceivedCompletions, c => c.Tag == 2).Poisoned);
        Assert.Equal(poisoned.Length, _checking.Violations.Count(v => v.Rule == CheckerRule.PoisonedTlp));
    }

    [Fact]
    public void ADroppedReadIsNeverAnsweredAndTheCheckerReportsItsCompletionTimeout()
    {
        Arm(InjectionRule.For(InjectionRequestKind.MemoryRead, InjectionAction.Drop));

        _device.Read(Buffer, 64, tag: 3);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.DoesNotContain(_device.ReceivedCompletions, c => c.Tag == 3);
        Assert.DoesNotContain(Host.ReceivedRequests, r => r.Kind == TlpKind.MemoryRead);
        Assert.Equal(CheckerRule.CompletionTimeout, Assert.Single(_checking.Violations).Rule);
    }

    [Fact]
    public void ADelayedReadReachesTheHostOnlyWhenItsDelayHasPassed()
    {
        Arm(InjectionRule.For(InjectionRequestKind.MemoryRead, InjectionAction.Delay) with { Delay = s_delay });

        _device.Read(Buffer, 16, tag: 4);
        _clock.Advance(s_delay / 2);
        Assert.DoesNotContain(_device.ReceivedCompletions, c => c.Tag == 4);
        _clock.Advance(s_delay);

        Assert.Single(Host.ReceivedRequests, r => r.Kind == TlpKind.MemoryRead && r.Tag == 4);
        Assert.Single(_device.ReceivedCompletions, c => c.Tag == 4 && c.Status == CompletionStatus.SuccessfulCompletion);
        Assert.Empty(_checking.Violations);
    }

    [Fact]
    public void ResetDropsADelayedRequestThatWasNotSentYet()
    {
        Arm(InjectionRule.For(InjectionRequestKind.MemoryRead, InjectionAction.Delay) with { Delay = s_delay });
        _device.Read(Buffer, 16, tag: 4);

        _injector!.Reset();
        _clock.Advance(s_delay * 2);

        Assert.DoesNotContain(Host.ReceivedRequests, r => r.Kind == TlpKind.MemoryRead);
        Assert.Equal(1, _device.Resets);
    }

    [Fact]
    public void NthAndCountPickWhichMatchingRequestsAreHit()
    {
        // The 2nd and 3rd matching reads fail; the 1st and 4th go through.
        Arm(InjectionRule.For(InjectionRequestKind.MemoryRead, InjectionAction.CompleterAbort) with { Nth = 2, Count = 2 });

        for (ushort tag = 1; tag <= 4; tag++)
        {
            _device.Read(Buffer, 4, tag);
        }

        CompletionStatus[] statuses = [.. Enumerable.Range(1, 4).Select(tag => _device.ReceivedCompletions.Single(c => c.Tag == tag).Status)];
        Assert.Equal([CompletionStatus.SuccessfulCompletion, CompletionStatus.CompleterAbort, CompletionStatus.CompleterAbort, CompletionStatus.SuccessfulCompletion], statuses);
        Assert.Equal(2, _injector!.HitsOf(0));
    }

    [Fact]
    public void OnlyReadsTouchingTheAddressRangeMatch()
    {
        // Range 0x1000_1000-0x1000_1FFF: a read ending at 0x1000_0FFF misses it; one ending at 0x1000_1000 touches it.
        Arm(InjectionRule.For(InjectionRequestKind.MemoryRead, InjectionAction.UnsupportedRequest) with { AddressFirst = Buffer + 0x1000, AddressLast = Buffer + 0x1FFF });

        _device.Read(Buffer + 0xFF0, 16, tag: 1);
        _device.Read(Buffer + 0xFF4, 16, tag: 2);

        Assert.Equal(CompletionStatus.SuccessfulCompletion, _device.ReceivedCompletions.Single(c => c.Tag == 1).Status);
        Assert.Equal(CompletionStatus.UnsupportedRequest, _device.ReceivedCompletions.Single(c => c.Tag == 2).Status);
    }

    [Fact]
    public void AWriteRuleDropsDmaWritesButNeverAnInterruptMessage()
    {
        Arm(InjectionRule.For(InjectionRequestKind.MemoryWrite, InjectionAction.Drop));

        _device.Write(Buffer, new byte[16]);
        _device.Write(TlpCheckerOptions.DefaultInterruptAddressBase, new byte[4]);

        TlpHeader write = Assert.Single(Host.ReceivedRequests, r => r.Kind == TlpKind.MemoryWrite);
        Assert.Equal(TlpCheckerOptions.DefaultInterruptAddressBase, write.Address);
    }

    [Fact]
    public void AReadRuleLeavesWritesAlone()
    {
        Arm(InjectionRule.For(InjectionRequestKind.MemoryRead, InjectionAction.Drop));

        _device.Write(Buffer, new byte[16]);

        Assert.Single(Host.ReceivedRequests, r => r.Kind == TlpKind.MemoryWrite && r.Address == Buffer);
    }

    [Fact]
    public void APoisonWriteRuleSendsTheWriteWithEp()
    {
        Arm(InjectionRule.For(InjectionRequestKind.MemoryWrite, InjectionAction.Poison));

        _device.Write(Buffer, new byte[16]);

        Assert.True(Assert.Single(Host.ReceivedRequests, r => r.Kind == TlpKind.MemoryWrite).Poisoned);
    }

    [Fact]
    public void TheFirstMatchingRuleActs()
    {
        Arm(
            InjectionRule.For(InjectionRequestKind.MemoryRead, InjectionAction.UnsupportedRequest) with { AddressFirst = Buffer, AddressLast = Buffer + 0xFFF },
            InjectionRule.For(InjectionRequestKind.MemoryRead, InjectionAction.CompleterAbort));

        _device.Read(Buffer, 4, tag: 1);
        _device.Read(Buffer + 0x1000, 4, tag: 2);

        Assert.Equal(CompletionStatus.UnsupportedRequest, _device.ReceivedCompletions.Single(c => c.Tag == 1).Status);
        Assert.Equal(CompletionStatus.CompleterAbort, _device.ReceivedCompletions.Single(c => c.Tag == 2).Status);
    }

    [Fact]
    public void WrapLeavesTheFunctionAloneWithoutRules() =>
        Assert.Same(_device, ErrorInjectingFunction.Wrap(_device, [], "dev0", _logs.CreateLogger("x")));

    private void Arm(params InjectionRule[] rules)
    {
        _injector = new ErrorInjectingFunction(_checking, rules, "dev0", _logs.CreateLogger("inject"), _clock);
        _host = new RecordingHost(_injector);
        _host.EnableBusMaster();
    }
}
