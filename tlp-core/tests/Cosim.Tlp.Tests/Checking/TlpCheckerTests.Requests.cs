using Cosim.Tlp.Checking;
using Cosim.Tlp.Config;

namespace Cosim.Tlp.Tests.Checking;

public sealed partial class TlpCheckerTests
{
    [Fact]
    public void MalformedHeaderIsReportedWithTheCodecRule()
    {
        // CfgRd0 with Length 2: §2.2.7 requires Length 1 for configuration requests.
        var link = new CheckedLink();
        TlpHeader request = TlpHeader.ConfigRead(s_host, 1, s_function, 0, 4) with { Length = 2 };

        link.FromHost(request, []);

        CheckerViolation violation = Assert.Single(link.Checker.Violations);
        Assert.Equal(CheckerRule.MalformedTlp, violation.Rule);
        Assert.Contains(nameof(TlpRule.LengthMustBeOne), violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PayloadThatDisagreesWithLengthIsMalformed()
    {
        var link = new CheckedLink();

        link.FromHost(TlpHeader.MemoryWrite(s_host, 0, 0x1000, 8), new byte[4]);

        CheckerViolation violation = Assert.Single(link.Checker.Violations);
        Assert.Equal(CheckerRule.MalformedTlp, violation.Rule);
        Assert.Contains(nameof(TlpRule.PayloadLengthMismatch), violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xFF0UL, 32)] // 0FF0h-100Fh
    [InlineData(0x1_0000_0FFCUL, 8)] // 64-bit address, 2 DW over the boundary
    public void MemoryWriteCrossing4KiBIsReported(ulong address, int length)
    {
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.BusMasterEnable);

        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, address, length));

        Assert.Equal([CheckerRule.CrossesFourKiBBoundary], link.Rules);
    }

    [Fact]
    public void WriteEndingExactlyAt4KiBIsLegal()
    {
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.BusMasterEnable);

        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, 0xF80, 128));

        Assert.Empty(link.Checker.Violations);
    }

    [Theory]
    [InlineData(LinkDirection.Upstream)]
    [InlineData(LinkDirection.Downstream)]
    public void WritePayloadAboveMaxPayloadSizeIsReportedInEitherDirection(LinkDirection direction)
    {
        // Default Max_Payload_Size 128 bytes; 132 bytes is one DW too many.
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.BusMasterEnable);
        TlpHeader write = TlpHeader.MemoryWrite(direction == LinkDirection.Upstream ? s_function : s_host, 0, 0x1000, 132);

        link.Checker.Observe(direction, write, new byte[132]);

        Assert.Equal([CheckerRule.PayloadExceedsMaxPayloadSize], link.Rules);
    }

    [Fact]
    public void ReadRequestAboveMaxReadRequestSizeIsReported()
    {
        // Default Max_Read_Request_Size 512 bytes.
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.BusMasterEnable);

        link.FromFunction(TlpHeader.MemoryRead(s_function, 1, 0x1000, 512));
        link.FromFunction(TlpHeader.MemoryRead(s_function, 2, 0x2000, 516));

        CheckerViolation violation = Assert.Single(link.Checker.Violations);
        Assert.Equal(CheckerRule.ReadRequestExceedsMaxReadRequestSize, violation.Rule);
        Assert.Equal(2, violation.Tlp.Tag);
    }

    [Fact]
    public void TagReusedWhileOutstandingIsReported()
    {
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.BusMasterEnable);

        link.FromFunction(TlpHeader.MemoryRead(s_function, 9, 0x1000, 4));
        link.FromFunction(TlpHeader.MemoryRead(s_function, 9, 0x2000, 4));

        Assert.Equal([CheckerRule.DuplicateTag], link.Rules);
    }

    [Fact]
    public void DmaWithoutBusMasterEnableIsReportedUntilSoftwareSetsIt()
    {
        var link = new CheckedLink();

        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, 0x1000, 4));
        link.SetCommand(CommandFlags.BusMasterEnable);
        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, 0x1000, 4));
        link.SetCommand(CommandFlags.MemorySpaceEnable);
        link.FromFunction(TlpHeader.MemoryRead(s_function, 1, 0x1000, 4));

        Assert.Equal([CheckerRule.RequestWithoutBusMasterEnable, CheckerRule.RequestWithoutBusMasterEnable], link.Rules);
    }

    [Fact]
    public void PoisonedRequestIsReported()
    {
        var link = new CheckedLink();

        link.FromHost(TlpHeader.MemoryWrite(s_host, 0, 0x1000, 4) with { Poisoned = true });

        Assert.Equal([CheckerRule.PoisonedTlp], link.Rules);
    }
}
