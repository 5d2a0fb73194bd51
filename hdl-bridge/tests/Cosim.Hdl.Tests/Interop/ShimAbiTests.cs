using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cosim.Hdl.Interop;
using Cosim.Hdl.Toolchain;

namespace Cosim.Hdl.Tests.Interop;

/// <summary>The C# mirrors of native/vb_shim.h's codes, compared with the header itself (the copy embedded in Cosim.Hdl).</summary>
public sealed partial class ShimAbiTests
{
    private static readonly Dictionary<string, int> s_defines = ReadDefines();

    [Fact]
    public void TheAbiVersionMatchesTheHeader()
    {
        Assert.Equal(ShimAbi.Version, s_defines["VB_ABI_VERSION"]);
    }

    [Theory]
    [InlineData("VB_OK", VerilatorStatus.Ok)]
    [InlineData("VB_FINISHED", VerilatorStatus.Finished)]
    [InlineData("VB_ERROR_INVALID_ARGUMENT", VerilatorStatus.InvalidArgument)]
    [InlineData("VB_ERROR_STOPPED", VerilatorStatus.Stopped)]
    [InlineData("VB_ERROR_FATAL", VerilatorStatus.Fatal)]
    [InlineData("VB_ERROR_MODEL_FAILED", VerilatorStatus.ModelFailed)]
    [InlineData("VB_ERROR_TRACE", VerilatorStatus.Trace)]
    [InlineData("VB_ERROR_INTERNAL", VerilatorStatus.Internal)]
    [InlineData("VB_ERROR_ABI", VerilatorStatus.AbiMismatch)]
    public void EveryStatusMatchesTheHeader(string define, VerilatorStatus status)
    {
        Assert.Equal(s_defines[define], (int)status);
    }

    [Fact]
    public void EveryStatusInTheHeaderHasAnEnumMember()
    {
        int[] codes = [.. s_defines.Where(d => d.Key is "VB_OK" or "VB_FINISHED" || d.Key.StartsWith("VB_ERROR_", StringComparison.Ordinal)).Select(d => d.Value).Order()];

        Assert.Equal(codes, Enum.GetValues<VerilatorStatus>().Select(s => (int)s).Order());
    }

    [Theory]
    [InlineData("VB_DIRECTION_INPUT", PortDirection.Input)]
    [InlineData("VB_DIRECTION_OUTPUT", PortDirection.Output)]
    [InlineData("VB_DIRECTION_INOUT", PortDirection.InOut)]
    public void EveryDirectionMatchesTheHeader(string define, PortDirection direction)
    {
        Assert.Equal(s_defines[define], (int)direction);
    }

    [Theory]
    [InlineData("VB_TRACE_NONE", TraceFormat.None)]
    [InlineData("VB_TRACE_VCD", TraceFormat.Vcd)]
    [InlineData("VB_TRACE_FST", TraceFormat.Fst)]
    public void EveryTraceKindMatchesTheHeader(string define, TraceFormat trace)
    {
        Assert.Equal(s_defines[define], (int)trace);
    }

    private static Dictionary<string, int> ReadDefines()
    {
        string header = Encoding.UTF8.GetString(NativeSources.Files[NativeSources.Header]);
        return DefinePattern().Matches(header).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^#define (VB_\w+) \(?(-?\d+)\)?", RegexOptions.Multiline)]
    private static partial Regex DefinePattern();
}
