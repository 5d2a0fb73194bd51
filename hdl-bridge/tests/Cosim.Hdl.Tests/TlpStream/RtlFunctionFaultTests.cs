using Cosim.Hdl.TlpStream;
using Cosim.Tlp;
using Cosim.Tlp.Transactions;

namespace Cosim.Hdl.Tests.TlpStream;

/// <summary>
/// Deliberately broken RTL (rtl/broken/tlp_regfile_faulty.json: reads at 40h-54h return malformed completions):
/// each fault is reported with the cycle and the header, the completion is not passed on, and the function keeps
/// answering correct requests.
/// </summary>
public sealed class RtlFunctionFaultTests
{
    private const string Faulty = "broken/tlp_regfile_faulty.json";

    [Fact]
    public async Task ACompletionShorterThanItsLengthIsMalformedAndNotPassedOn()
    {
        (RtlProtocolError error, TestHost host, ushort tag) = await ReadFaultAsync(0x40);

        Assert.Equal(RtlProtocolErrorKind.MalformedTlp, error.Kind);
        Assert.Equal(TlpRule.Truncated, error.Rule);
        Assert.Equal(TlpChannel.DeviceToHostCompletion, error.Channel);
        // The header DWs as sent: CplD (4Ah) with Length 2, then one data DW where two were announced.
        Assert.Equal(0x4A00_0002u, error.HeaderDwords[0]);
        Assert.False(host.HasCompletionFor(tag));
    }

    [Theory]
    [InlineData(0x44, CompletionMismatch.ByteCountMismatch)]
    [InlineData(0x48, CompletionMismatch.LowerAddressMismatch)]
    public async Task ACompletionThatDoesNotFitItsRequestIsReportedWithTheMismatch(int offset, CompletionMismatch mismatch)
    {
        (RtlProtocolError error, TestHost host, ushort tag) = await ReadFaultAsync(offset);

        Assert.Equal(RtlProtocolErrorKind.CompletionMismatch, error.Kind);
        Assert.Equal(mismatch, error.Mismatch);
        Assert.Equal(tag, error.Header?.Tag);
        Assert.Equal(TlpKind.CompletionWithData, error.Header?.Kind);
        Assert.False(host.HasCompletionFor(tag));
    }

    [Fact]
    public async Task ACompletionWithAnotherCompleterIdIsRefused()
    {
        (RtlProtocolError error, _, _) = await ReadFaultAsync(0x4C);

        Assert.Equal(RtlProtocolErrorKind.WrongId, error.Kind);
        Assert.Equal(PcieId.From(0, 0, 0), error.Header?.CompleterId);
    }

    [Fact]
    public async Task AKeepGapIsAStreamError()
    {
        (RtlProtocolError error, _, _) = await ReadFaultAsync(0x50);

        Assert.Equal(RtlProtocolErrorKind.StreamProtocol, error.Kind);
        Assert.Contains("keep = 10b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACompletionOnTheRequestStreamIsRefused()
    {
        (RtlProtocolError error, _, _) = await ReadFaultAsync(0x54);

        Assert.Equal(RtlProtocolErrorKind.WrongChannel, error.Kind);
        Assert.Equal(TlpChannel.DeviceToHostRequest, error.Channel);
    }

    [Fact]
    public async Task AfterAFaultTheFunctionStillAnswersCorrectRequestsAndGoesIdle()
    {
        (_, TestHost host, _) = await ReadFaultAsync(0x44, (function, h) =>
        {
            uint id = h.Read32(TestHost.Bar0Address);

            Assert.Equal(0xC05E_0001u, id);
            Assert.True(function.Bridge.IsIdle);
            Assert.Equal(0, function.Bridge.OutstandingHostRequests);
        });

        Assert.Single(host.Errors);
    }

    private static async Task<(RtlProtocolError Error, TestHost Host, ushort Tag)> ReadFaultAsync(int offset, Action<RtlFunction, TestHost>? after = null)
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Faulty);
        var host = new TestHost(function);
        host.Enumerate();
        ulong cycleBefore = function.Cycle;
        ushort tag = host.NextTag();

        host.Send(TlpHeader.MemoryRead(TestHost.RootPort, tag, TestHost.Bar0Address + (ulong)offset, 4), []);
        after?.Invoke(function, host);

        RtlProtocolError error = Assert.Single(host.Errors);
        Assert.True(error.Cycle > cycleBefore, $"error at cycle {error.Cycle}, request sent at {cycleBefore}");
        Assert.NotEmpty(error.HeaderDwords);
        Assert.Contains($"cycle {error.Cycle}", error.ToString(), StringComparison.Ordinal);
        return (error, host, tag);
    }
}
