using System.Buffers.Binary;
using Cosim.Tlp.Checking;
using Cosim.Tlp.Config;
using Cosim.Tlp.Tests.Config;
using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Tests.Checking;

public sealed partial class TlpCheckerTests
{
    private static readonly PcieId s_host = CheckedLink.Host;
    private static readonly PcieId s_function = CheckedLink.Function;

    [Fact]
    public void LegalTrafficOfAWholeSessionHasNoViolation()
    {
        // Enumerate, enable MSI and bus mastering, MMIO both ways, a DMA read answered in RCB pieces, a DMA write and
        // an MSI message: all legal.
        var link = new CheckedLink();
        link.Enumerate();
        link.SetCommand(CommandFlags.MemorySpaceEnable | CommandFlags.BusMasterEnable);
        link.ProgramMsi(enable: true);
        TlpHeader mmioRead = TlpHeader.MemoryRead(s_host, 0x10, 0xF000_0000, 8);
        TlpHeader mmioWrite = TlpHeader.MemoryWrite(s_host, 0, 0xF000_0000, 4);
        TlpHeader dmaRead = TlpHeader.MemoryRead(s_function, 0x20, 0x1000_0040, 512);
        var completions = new CapturingReceiver();
        CompletionSplitter.WriteCompletions(dmaRead, s_host, new byte[512], MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes64, completions);

        link.FromHost(mmioWrite);
        link.FromHost(mmioRead);
        link.FromFunction(TlpHeader.CompletionFor(mmioRead, s_function, CompletionStatus.SuccessfulCompletion, dataDwords: 2, byteCount: 8, lowerAddress: 0));
        link.FromFunction(dmaRead);
        foreach ((TlpHeader header, byte[] payload) in completions.Received)
        {
            link.FromHost(header, payload);
        }

        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, 0x1000_0000, 128));
        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, CheckedLink.MsiTarget, 4), [0x20, 0x40, 0, 0]);

        Assert.Empty(link.Checker.Violations);
        Assert.Equal(0, link.Checker.OutstandingRequests);
        Assert.True(completions.Received.Count > 1);
    }

    [Fact]
    public void ViolationNamesRuleDirectionAndTlp()
    {
        var link = new CheckedLink();
        TlpHeader read = TlpHeader.MemoryRead(s_function, 3, 0x1000, 4);

        link.FromFunction(read);

        CheckerViolation violation = Assert.Single(link.Checker.Violations);
        Assert.Equal(CheckerRule.RequestWithoutBusMasterEnable, violation.Rule);
        Assert.Equal(LinkDirection.Upstream, violation.Direction);
        Assert.Equal(read, violation.Tlp);
        Assert.Contains(read.ToString(), violation.ToString(), StringComparison.Ordinal);
        Assert.Contains("Bus Master Enable", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ViolationDetectedFiresForEachViolation()
    {
        var link = new CheckedLink();
        var seen = new List<CheckerRule>();
        link.Checker.ViolationDetected += v => seen.Add(v.Rule);

        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, 0xFF0, 32));

        Assert.Equal([CheckerRule.CrossesFourKiBBoundary, CheckerRule.RequestWithoutBusMasterEnable], seen);
    }

    [Fact]
    public void ThrowModeThrowsAtTheFirstViolationAndDoesNotForwardTheTlp()
    {
        var link = new CheckedLink(new TlpCheckerOptions { Mode = CheckerMode.Throw });

        TlpCheckerException thrown = Assert.Throws<TlpCheckerException>(() => link.FromHost(TlpHeader.MemoryWrite(s_host, 0, 0x1000, 256)));

        Assert.Equal(CheckerRule.PayloadExceedsMaxPayloadSize, thrown.Violation.Rule);
        Assert.Empty(link.FunctionReceived.Received);
        Assert.Single(link.Checker.Violations);
    }

    [Fact]
    public void ClearViolationsForgetsThem()
    {
        var link = new CheckedLink();
        link.FromFunction(TlpHeader.MemoryRead(s_function, 3, 0x1000, 4));

        link.Checker.ClearViolations();

        Assert.Empty(link.Checker.Violations);
    }

    [Fact]
    public void WrappedFunctionIsCheckedBothWaysAndResetsTheChecker()
    {
        var checker = new TlpChecker();
        var function = new ScriptedFunction();
        IPcieFunction wrapped = checker.Wrap(function);
        var host = new CapturingReceiver();
        wrapped.Attach(host);
        wrapped.Receive(TlpHeader.MemoryRead(s_host, 1, 0x1000, 4), []);

        function.Send(TlpHeader.MemoryWrite(s_function, 0, 0x2000, 4), new byte[4]);
        wrapped.Reset();

        Assert.Equal(CheckerRule.RequestWithoutBusMasterEnable, Assert.Single(checker.Violations).Rule);
        Assert.Single(host.Received);
        Assert.Equal(1, function.Resets);
        Assert.Equal(0, checker.OutstandingRequests); // the reset dropped the unanswered MRd
    }

    [Fact]
    public void ResetDropsOutstandingRequestsAndForgetsConfiguration()
    {
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.BusMasterEnable);
        link.FromFunction(TlpHeader.MemoryRead(s_function, 3, 0x1000, 4));

        link.Checker.Reset();
        link.Time.Advance(TimeSpan.FromSeconds(1));
        int expired = link.Checker.CheckTimeouts();
        link.FromFunction(TlpHeader.MemoryRead(s_function, 4, 0x1000, 4));

        Assert.Equal(0, expired);
        Assert.Equal(CheckerRule.RequestWithoutBusMasterEnable, Assert.Single(link.Checker.Violations).Rule);
    }

    [Fact]
    public void MaxPayloadAndReadRequestSizeFollowDeviceControl()
    {
        // Device Control 74h: MPS 001b (256) at bits 7:5, MRRS 011b (1024) at bits 14:12 → 3020h.
        var link = new CheckedLink();
        link.Enumerate();
        link.SetCommand(CommandFlags.BusMasterEnable);

        link.ConfigWrite(CheckedLink.DeviceControl, 0x3020);
        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, 0x1000, 256));
        link.FromFunction(TlpHeader.MemoryRead(s_function, 1, 0x2000, 1024));

        Assert.Equal(MaxPayloadSize.Bytes256, link.Checker.MaxPayloadSize);
        Assert.Equal(MaxReadRequestSize.Bytes1024, link.Checker.MaxReadRequestSize);
        Assert.Empty(link.Checker.Violations);
    }

    [Fact]
    public void CapabilityHeadersSurviveWholeDwordWritesToMessageControl()
    {
        // A host that writes the whole DW at the MSI capability (ID 05h, next pointer, control) must not move the list.
        var link = new CheckedLink();
        link.Enumerate();
        link.SetCommand(CommandFlags.BusMasterEnable);
        link.ProgramMsi(enable: true);

        link.ConfigWrite(CheckedLink.MsiControl, 0xFFFE_00FF); // garbage in the RO ID/next bytes, MSI Enable (bit 16) clear
        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, CheckedLink.MsiTarget, 4), [0x20, 0x40, 0, 0]);

        Assert.Equal(CheckerRule.MsiWhileDisabled, Assert.Single(link.Checker.Violations).Rule);
    }

    [Fact]
    public void FunctionLevelResetClearsBusMasterEnableAndDropsTheFunctionsRequests()
    {
        var link = new CheckedLink();
        link.Enumerate();
        link.SetCommand(CommandFlags.BusMasterEnable);
        link.FromFunction(TlpHeader.MemoryRead(s_function, 7, 0x1000, 4));

        link.ConfigWrite(CheckedLink.DeviceControl, 0x8000); // Initiate Function Level Reset
        link.Time.Advance(TimeSpan.FromSeconds(1));
        int expired = link.Checker.CheckTimeouts();

        Assert.Equal(0, expired);
        Assert.False(link.Checker.BusMasterEnable);
    }

    [Fact]
    public void CheckingLegalTrafficAllocatesNothing()
    {
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.BusMasterEnable);
        TlpHeader write = TlpHeader.MemoryWrite(s_function, 0, 0x1000, 128);
        TlpHeader read = TlpHeader.MemoryRead(s_function, 5, 0x2000, 64);
        TlpHeader completion = TlpHeader.CompletionFor(read, s_host, CompletionStatus.SuccessfulCompletion, dataDwords: 16, byteCount: 64, lowerAddress: 0);
        byte[] payload = new byte[128];
        Observe(link.Checker, write, read, completion, payload);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Observe(link.Checker, write, read, completion, payload);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Empty(link.Checker.Violations);
    }

    private static void Observe(TlpChecker checker, in TlpHeader write, in TlpHeader read, in TlpHeader completion, byte[] payload)
    {
        checker.Observe(LinkDirection.Upstream, write, payload);
        checker.Observe(LinkDirection.Upstream, read, []);
        checker.Observe(LinkDirection.Downstream, completion, payload.AsSpan(0, 64));
    }

    private static byte[] Dword(uint value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>A function the test drives by hand.</summary>
    private sealed class ScriptedFunction : IPcieFunction
    {
        private ITlpReceiver? _upstream;

        public int Resets { get; private set; }

        public void Attach(ITlpReceiver upstream) => _upstream = upstream;

        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
        {
        }

        public void Reset() => Resets++;

        public void Send(in TlpHeader header, ReadOnlySpan<byte> payload) => _upstream!.Receive(header, payload);
    }
}
