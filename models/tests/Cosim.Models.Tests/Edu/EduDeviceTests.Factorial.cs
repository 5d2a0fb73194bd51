using Cosim.Models.Edu;
using Cosim.Tlp;

namespace Cosim.Models.Tests.Edu;

public sealed partial class EduDeviceTests
{
    [Theory]
    [InlineData(0u, 1u)]
    [InlineData(1u, 1u)]
    [InlineData(5u, 120u)]
    [InlineData(12u, 479_001_600u)] // the largest that fits 32 bits
    [InlineData(13u, 0x7328_CC00u)] // 6 227 020 800 = 1_7328_CC00h, truncated
    [InlineData(20u, 0x82B4_0000u)]
    [InlineData(33u, 0x8000_0000u)] // 33! holds 2^31 exactly once more than an odd factor
    [InlineData(34u, 0u)] // 34! holds 2^32
    [InlineData(0xFFFF_FFFFu, 0u)]
    public async Task FactorialRegisterReturnsTheFactorialIn32Bits(uint value, uint expected)
    {
        Write32(Register.Factorial, value);
        await _device.LastFactorial;

        Assert.Equal(expected, Read32(Register.Factorial));
        Assert.Equal(0u, Read32(Register.Status));
        Assert.Equal(expected, EduDevice.Factorial(value));
    }

    [Fact]
    public void ComputingIsSetUntilTheResultIsInAndWritesMeanwhileAreIgnored()
    {
        _device.WorkScheduler = _scheduler;

        Write32(Register.Factorial, 5);
        uint statusWhileComputing = Read32(Register.Status);
        uint valueWhileComputing = Read32(Register.Factorial);
        Write32(Register.Factorial, 7);
        _scheduler.RunAll();

        Assert.Equal(1u, statusWhileComputing);
        Assert.Equal(5u, valueWhileComputing);
        Assert.Equal(120u, Read32(Register.Factorial));
        Assert.Equal(0u, Read32(Register.Status));
    }

    [Fact]
    public async Task FactorialRaisesItsInterruptWhenAsked()
    {
        Write32(Register.Status, 0x80);

        Write32(Register.Factorial, 4);
        await _device.LastFactorial;

        Assert.Equal(EduDevice.FactorialInterrupt, Read32(Register.InterruptStatus));
        Assert.Equal([MessageCode.AssertIntA], _host.IntxMessages);
        Assert.Equal(0x80u, Read32(Register.Status)); // the request bit stays set
    }

    [Fact]
    public async Task FactorialWithoutTheRequestBitRaisesNothing()
    {
        Write32(Register.Factorial, 4);
        await _device.LastFactorial;
        Write32(Register.Status, 0x80); // too late: only a set bit at completion counts

        Assert.Equal(0u, Read32(Register.InterruptStatus));
        Assert.Empty(_host.IntxMessages);
    }

    [Fact]
    public void RequestBitSetWhileComputingStillRaises()
    {
        _device.WorkScheduler = _scheduler;

        Write32(Register.Factorial, 3);
        Write32(Register.Status, 0x80);
        _scheduler.RunAll();

        Assert.Equal(6u, Read32(Register.Factorial));
        Assert.Equal(EduDevice.FactorialInterrupt, Read32(Register.InterruptStatus));
    }
}
