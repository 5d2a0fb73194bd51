using Xunit.Abstractions;

namespace Cosim.Qemu.Tests;

/// <summary>Boots the real provisioned guest under the real QEMU: proves provisioning, the launcher and the init.</summary>
[Trait("Category", "Integration")]
public sealed class GuestBootTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SmokeGuestBootsAndSeesQemusEduDevice()
    {
        GuestImage image = await GuestProvisioner.EnsureAsync(output.WriteLine, CancellationToken.None);
        var options = new GuestRunOptions
        {
            TestName = "smoke",
            ExtraDevices = ["edu"],
            TestTimeout = TimeSpan.FromSeconds(60),
            HostTimeout = TimeSpan.FromSeconds(180),
        };

        GuestRunResult result = await GuestRunner.RunAsync(options, image, null, CancellationToken.None);

        Assert.True(result.Passed, result.Describe());
        Assert.Contains(result.TestOutput, line => line.Contains("1234", StringComparison.Ordinal) && line.Contains("11e8", StringComparison.Ordinal));
    }
}
