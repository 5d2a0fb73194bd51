using Cosim.Qemu;
using Cosim.Tlp;
using Cosim.VfioUser;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>
/// One guest boot against Cosim devices: provisions (cached), serves each device on its own vfio-user socket in a
/// fresh directory, boots the guest with them (console log beside the sockets) and stops the servers.
/// </summary>
internal static class GuestBoot
{
    public static async Task<GuestRunResult> RunAsync(ITestOutputHelper output, GuestRunOptions options, params IPcieFunction[] devices)
    {
        GuestImage image = await GuestProvisioner.EnsureAsync(output.WriteLine, CancellationToken.None);
        DirectoryInfo run = Directory.CreateTempSubdirectory("cosim-" + options.TestName + "-");
        var servers = new List<VfioUserServer>();
        try
        {
            for (int i = 0; i < devices.Length; i++)
            {
                string socket = Path.Combine(run.FullName, $"device{i}.sock");
                var server = new VfioUserServer(socket, devices[i], new VfioUserServerOptions(), new TestOutputLogger(output, $"endpoint{i}"));
                server.Start();
                servers.Add(server);
            }

            return await GuestRunner.RunAsync(
                options with
                {
                    Devices = [.. options.Devices, .. servers.Select(s => new VfioUserDevice(s.SocketPath))],
                    ConsoleLogPath = options.ConsoleLogPath ?? Path.Combine(run.FullName, "console.log"),
                },
                image,
                output.WriteLine,
                CancellationToken.None);
        }
        finally
        {
            foreach (VfioUserServer server in servers)
            {
                await server.StopAsync();
                server.Dispose();
            }
        }
    }
}
