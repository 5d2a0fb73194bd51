using Cosim.Qemu;
using Cosim.Server.Checking;
using Cosim.Tlp;
using Cosim.Tlp.Checking;
using Cosim.VfioUser;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>
/// One guest boot against Cosim devices: provisions (cached), serves each device on its own vfio-user socket in a
/// fresh directory, boots the guest with them (console log beside the sockets) and stops the servers. Every device's
/// link runs through the TLP protocol checker (<see cref="CheckingFunction"/>), whose violations are logged to the test
/// output; <see cref="RunAsync"/> fails the test if there was any.
/// </summary>
internal static class GuestBoot
{
    /// <summary>Boots the guest and asserts that the protocol checker found nothing on any device link.</summary>
    public static async Task<GuestRunResult> RunAsync(ITestOutputHelper output, GuestRunOptions options, params IPcieFunction[] devices)
    {
        CheckedGuestRun run = await RunCheckedAsync(output, options, devices);
        Assert.True(run.Violations.Count == 0, $"TLP protocol violations on the device links:{Environment.NewLine}{string.Join(Environment.NewLine, run.Violations)}");
        return run.Result;
    }

    /// <summary>Boots the guest and returns its result with the protocol checker's violations, for tests that provoke some.</summary>
    public static async Task<CheckedGuestRun> RunCheckedAsync(ITestOutputHelper output, GuestRunOptions options, params IPcieFunction[] devices)
    {
        GuestImage image = await GuestProvisioner.EnsureAsync(output.WriteLine, CancellationToken.None);
        DirectoryInfo run = Directory.CreateTempSubdirectory("cosim-" + options.TestName + "-");
        var servers = new List<VfioUserServer>();
        var checkers = new List<CheckingFunction>();
        try
        {
            for (int i = 0; i < devices.Length; i++)
            {
                string name = $"device{i}";
                var checker = new CheckingFunction(devices[i], name, new TestOutputLogger(output, $"checker{i}"), CheckTlpSettings.DefaultCompletionTimeout);
                checkers.Add(checker);
                string socket = Path.Combine(run.FullName, $"{name}.sock");
                var server = new VfioUserServer(socket, checker, new VfioUserServerOptions(), new TestOutputLogger(output, $"endpoint{i}"));
                server.Start();
                servers.Add(server);
            }

            GuestRunResult result = await GuestRunner.RunAsync(
                options with
                {
                    Devices = [.. options.Devices, .. servers.Select(s => new VfioUserDevice(s.SocketPath))],
                    ConsoleLogPath = options.ConsoleLogPath ?? Path.Combine(run.FullName, "console.log"),
                },
                image,
                output.WriteLine,
                CancellationToken.None);
            return new CheckedGuestRun(result, [.. checkers.SelectMany(c => c.Violations)]);
        }
        finally
        {
            foreach (VfioUserServer server in servers)
            {
                await server.StopAsync();
                server.Dispose();
            }

            foreach (CheckingFunction checker in checkers)
            {
                checker.Dispose();
            }
        }
    }
}

/// <summary>A guest run and what the protocol checker found on the device links meanwhile.</summary>
/// <param name="Result">The guest's result.</param>
/// <param name="Violations">Every violation, device by device.</param>
internal sealed record CheckedGuestRun(GuestRunResult Result, IReadOnlyList<CheckerViolation> Violations);
