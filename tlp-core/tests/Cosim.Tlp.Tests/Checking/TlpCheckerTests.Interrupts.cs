using Cosim.Tlp.Checking;
using Cosim.Tlp.Config;

namespace Cosim.Tlp.Tests.Checking;

public sealed partial class TlpCheckerTests
{
    [Fact]
    public void MsiWhileMsiIsDisabledIsReported()
    {
        var link = new CheckedLink();
        link.Enumerate();
        link.SetCommand(CommandFlags.BusMasterEnable);
        link.ProgramMsi(enable: false);

        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, CheckedLink.MsiTarget, 4), Dword(0x4020));

        CheckerViolation violation = Assert.Single(link.Checker.Violations);
        Assert.Equal(CheckerRule.MsiWhileDisabled, violation.Rule);
    }

    [Fact]
    public void WriteIntoTheInterruptWindowWithoutMsiIsReported()
    {
        var link = new CheckedLink();
        link.Enumerate();
        link.SetCommand(CommandFlags.BusMasterEnable);

        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, 0xFEE0_0000, 4), Dword(0));

        Assert.Equal([CheckerRule.MsiWhileDisabled], link.Rules);
    }

    [Fact]
    public void InterruptVerdictWaitsUntilTheCapabilityListIsKnown()
    {
        // Without enumeration the checker cannot know whether MSI is enabled: no false alarm.
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.BusMasterEnable);

        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, 0xFEE0_0000, 4), Dword(0));

        Assert.Empty(link.Checker.Violations);
    }

    [Theory]
    [InlineData(0, 0x4020u, true)] // 1 vector: only the base data
    [InlineData(0, 0x4021u, false)]
    [InlineData(2, 0x4023u, true)] // 4 vectors: low 2 bits free
    [InlineData(2, 0x4024u, false)]
    [InlineData(2, 0x1_4020u, false)] // Extended Message Data is not enabled: upper 16 bits are 0
    public void MsiDataMustNameAnEnabledVector(int enabledVectorsLog2, uint data, bool legal)
    {
        var link = new CheckedLink();
        link.Enumerate();
        link.SetCommand(CommandFlags.BusMasterEnable);
        link.ProgramMsi(enable: true, enabledVectorsLog2);

        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, CheckedLink.MsiTarget, 4), Dword(data));

        Assert.Equal(legal ? [] : [CheckerRule.MsiVectorNotEnabled], link.Rules);
    }

    [Fact]
    public void MsixMessageWhileFunctionMaskIsSetIsReported()
    {
        var link = new CheckedLink();
        link.Enumerate();
        link.SetCommand(CommandFlags.BusMasterEnable);

        link.ConfigWrite(CheckedLink.MsixControl, 0xC000_0000); // MSI-X Enable | Function Mask
        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, 0xFEE0_2000, 4), Dword(0x51));
        link.ConfigWrite(CheckedLink.MsixControl, 0x8000_0000); // MSI-X Enable
        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, 0xFEE0_2000, 4), Dword(0x51));

        Assert.Equal([CheckerRule.MsixWhileFunctionMasked], link.Rules);
    }

    [Fact]
    public void InterruptWriteWithoutBusMasterEnableBreaksBothRules()
    {
        var link = new CheckedLink();
        link.Enumerate();

        link.FromFunction(TlpHeader.MemoryWrite(s_function, 0, 0xFEE0_0000, 4), Dword(0));

        Assert.Equal([CheckerRule.RequestWithoutBusMasterEnable, CheckerRule.MsiWhileDisabled], link.Rules);
    }

    [Fact]
    public void AssertIntxWhileInterruptDisableIsSetIsReported()
    {
        var link = new CheckedLink();
        link.SetCommand(CommandFlags.InterruptDisable);

        link.FromFunction(TlpHeader.InterruptMessage(s_function, InterruptPin.IntA, assert: true), []);
        link.FromFunction(TlpHeader.InterruptMessage(s_function, InterruptPin.IntA, assert: false), []);

        Assert.Equal([CheckerRule.IntxWhileDisabled], link.Rules);
    }

    [Fact]
    public void AssertIntxWhileMsiIsEnabledIsReported()
    {
        var link = new CheckedLink();
        link.Enumerate();
        link.ProgramMsi(enable: true);

        link.FromFunction(TlpHeader.InterruptMessage(s_function, InterruptPin.IntA, assert: true), []);

        CheckerViolation violation = Assert.Single(link.Checker.Violations);
        Assert.Equal(CheckerRule.IntxWhileDisabled, violation.Rule);
        Assert.Contains("MSI is enabled", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntxWithInterruptsAllowedIsLegal()
    {
        var link = new CheckedLink();
        link.Enumerate();

        link.FromFunction(TlpHeader.InterruptMessage(s_function, InterruptPin.IntA, assert: true), []);
        link.FromFunction(TlpHeader.InterruptMessage(s_function, InterruptPin.IntA, assert: false), []);

        Assert.Empty(link.Checker.Violations);
    }
}
