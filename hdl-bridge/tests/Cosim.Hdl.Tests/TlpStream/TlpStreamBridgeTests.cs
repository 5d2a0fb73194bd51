using Cosim.Hdl.TlpStream;
using Cosim.Tlp;

namespace Cosim.Hdl.Tests.TlpStream;

/// <summary>
/// The bridge's stream rules, played beat by beat from the RTL side through rtl/tlp_probe.sv (a 128-bit
/// interface whose outputs are test-driven inputs), and its port checks on designs that are not the interface.
/// </summary>
public sealed class TlpStreamBridgeTests
{
    private const string Probe = "tlp_probe.sv";
    private const ulong AllLanes = 0b1111;

    // A CplD for requester 00:00.0 tag 5 from 01:00.0, one data DW (the probe sends it as the RTL would):
    // DW0 4A00_0001h (CplD, Length 1), DW1 0100_0004h (Completer 01:00.0, SC, Byte Count 4), DW2 0000_0500h (tag 5), DW3 data.
    private static readonly uint[] s_completion = [0x4A00_0001, 0x0100_0004, 0x0000_0500, 0xCAFE_F00D];

    [Fact]
    public async Task ADesignWithoutTheStreamsIsRefusedNamingTheFirstMissingPort()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync("signals.sv");

        RtlInterfaceException thrown = Assert.Throws<RtlInterfaceException>(() => new TlpStreamBridge(model));

        Assert.Equal("h2d_req_data", thrown.Port);
        Assert.Contains("is missing", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeepOfTheWrongWidthIsRefusedNamingThePort()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync("broken/tlp_wrong_ports.sv");

        RtlInterfaceException thrown = Assert.Throws<RtlInterfaceException>(() => new TlpStreamBridge(model));

        Assert.Equal("h2d_req_keep", thrown.Port);
        Assert.Contains("input [0:0]; expected input [1:0]", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostRequestMovesOnlyWhileReadyIsHigh()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Probe);
        var bridge = new TlpStreamBridge(model);
        TlpHeader write = TlpHeader.MemoryWrite(PcieId.From(0, 0, 0), 0, 0x1000, 32);
        bridge.SendRequest(write, new byte[32], bar: 0);

        model["probe_h2d_req_ready"].Set(false);
        Step(bridge, 3);
        ulong whileStalled = model["beats_taken"].Value;
        model["probe_h2d_req_ready"].Set(true);
        Step(bridge, 3);

        // 3 header + 8 payload DWs = 11 DWs: three 4-lane beats.
        Assert.Equal(0UL, whileStalled);
        Assert.Equal(3UL, model["beats_taken"].Value);
        Assert.True(bridge.IsIdle);
    }

    [Fact]
    public async Task ACompletionFromTheRtlIsDecodedAndPassedOn()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Probe);
        var received = new List<TlpHeader>();
        var bridge = Bridge(model, received, out List<RtlProtocolError> errors);
        bridge.SendRequest(TlpHeader.MemoryRead(PcieId.From(0, 0, 0), 5, 0x1000, 4), [], bar: 0);
        model["probe_h2d_req_ready"].Set(true);
        Step(bridge, 1);

        Beat(model, s_completion, AllLanes, sop: true, eop: true);
        Step(bridge, 1);
        Idle(model);

        Assert.Empty(errors);
        TlpHeader completion = Assert.Single(received);
        Assert.Equal(5, completion.Tag);
        Assert.True(bridge.IsIdle);
    }

    [Fact]
    public async Task ValidWithdrawnBeforeReadyIsAStreamError()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Probe);
        var bridge = Bridge(model, [], out List<RtlProtocolError> errors, ready: cycle => false);
        Beat(model, s_completion, AllLanes, sop: true, eop: true);
        Step(bridge, 1);

        Idle(model);
        Step(bridge, 1);

        RtlProtocolError error = Assert.Single(errors);
        Assert.Contains("valid was withdrawn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABeatThatChangesWhileStalledIsAStreamError()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Probe);
        var bridge = Bridge(model, [], out List<RtlProtocolError> errors, ready: cycle => false);
        Beat(model, s_completion, AllLanes, sop: true, eop: true);
        Step(bridge, 1);

        Beat(model, [.. s_completion[..3], 0x1234_5678u], AllLanes, sop: true, eop: true);
        Step(bridge, 1);

        RtlProtocolError error = Assert.Single(errors);
        Assert.Contains("changed while it waited", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABeatWithoutSopOutsideATlpIsAStreamError()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Probe);
        var bridge = Bridge(model, [], out List<RtlProtocolError> errors);

        Beat(model, s_completion, AllLanes, sop: false, eop: true);
        Step(bridge, 1);

        Assert.Contains("without sop", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SopInsideATlpIsAStreamError()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Probe);
        var bridge = Bridge(model, [], out List<RtlProtocolError> errors);
        Beat(model, s_completion, AllLanes, sop: true, eop: false);
        Step(bridge, 1);

        Beat(model, s_completion, AllLanes, sop: true, eop: true);
        Step(bridge, 1);

        Assert.Contains("sop inside a TLP", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APartialKeepBeforeEopIsAStreamError()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Probe);
        var bridge = Bridge(model, [], out List<RtlProtocolError> errors);

        Beat(model, s_completion, 0b0111, sop: true, eop: false);
        Step(bridge, 1);

        Assert.Contains("before eop", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATlpWhoseDwsDoNotMatchItsLengthIsMalformed()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Probe);
        var bridge = Bridge(model, [], out List<RtlProtocolError> errors);

        // Length 1 announced, but the beat carries 3 header DWs only (keep 0111b): one DW short.
        Beat(model, s_completion, 0b0111, sop: true, eop: true);
        Step(bridge, 1);

        RtlProtocolError error = Assert.Single(errors);
        Assert.Equal(RtlProtocolErrorKind.MalformedTlp, error.Kind);
        Assert.Equal(TlpRule.Truncated, error.Rule);
    }

    [Fact]
    public async Task AnUnexpectedCompletionIsReportedAndDropped()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Probe);
        var received = new List<TlpHeader>();
        var bridge = Bridge(model, received, out List<RtlProtocolError> errors);

        Beat(model, s_completion, AllLanes, sop: true, eop: true);
        Step(bridge, 1);

        RtlProtocolError error = Assert.Single(errors);
        Assert.Equal(Cosim.Tlp.Transactions.CompletionMismatch.UnexpectedTag, error.Mismatch);
        Assert.Empty(received);
    }

    private static TlpStreamBridge Bridge(VerilatedModel model, List<TlpHeader> received, out List<RtlProtocolError> errors, Func<ulong, bool>? ready = null)
    {
        var found = new List<RtlProtocolError>();
        errors = found;
        var bridge = new TlpStreamBridge(model, new TlpStreamBridgeOptions
        {
            Throttle = ready is null ? null : (cycle, channel) => channel != TlpChannel.DeviceToHostCompletion || ready(cycle),
        })
        {
            CompleterId = PcieId.From(1, 0, 0),
            Upstream = new Collector(received),
            ProtocolError = found.Add,
        };
        return bridge;
    }

    private static void Beat(VerilatedModel model, uint[] dwords, ulong keep, bool sop, bool eop)
    {
        model["probe_data"].Write(dwords);
        model["probe_keep"].Value = keep;
        model["probe_sop"].Set(sop);
        model["probe_eop"].Set(eop);
        model["probe_valid"].Set(true);
    }

    private static void Idle(VerilatedModel model) => model["probe_valid"].Set(false);

    private static void Step(TlpStreamBridge bridge, int cycles)
    {
        for (int i = 0; i < cycles; i++)
        {
            bridge.Step();
        }
    }

    private sealed class Collector(List<TlpHeader> received) : ITlpReceiver
    {
        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload) => received.Add(header);
    }
}
