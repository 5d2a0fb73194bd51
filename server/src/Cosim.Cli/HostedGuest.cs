using Cosim.Qemu;
using Cosim.Server.Hosting;
using Cosim.Server.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cosim.Cli;

/// <summary>
/// A guest booted against a topology served in this process (<c>cosim run</c>'s host): the host starts first (a bad
/// configuration fails before QEMU starts), QEMU gets every device's vfio-user socket in topology order, and the host
/// stops after QEMU exits.
/// </summary>
internal static class HostedGuest
{
    /// <summary>Runs <paramref name="guest"/>'s test, or an interactive shell when <paramref name="interactive"/> is set.</summary>
    public static async Task<int> RunAsync(
        CosimHostOptions hostOptions, GuestRunOptions guest, bool interactive, Action<string> consoleLine, CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            host = CosimHost.Build(hostOptions with { Role = CosimRole.Run });
        }
        catch (TopologyException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return CosimHost.ConfigurationErrorExitCode;
        }

        using (host)
        {
            TopologyDefinition topology = host.Services.GetRequiredService<TopologyDefinition>();
            GuestImage image = await GuestProvisioner.EnsureAsync(Console.Error.WriteLine, cancellationToken).ConfigureAwait(false);
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                GuestRunOptions options = guest with
                {
                    Devices = [.. guest.Devices, .. topology.Devices.Select(d => new VfioUserDevice(d.Attachment.SocketPath!))],
                };
                Console.Error.WriteLine($"==> booting the guest with {string.Join(", ", topology.Devices.Select(d => $"{d.Name} ({d.Model})"))}");
                if (interactive)
                {
                    Console.Error.WriteLine("==> a shell on the guest's console follows; `exit` powers the guest off");
                    return await GuestRunner.RunInteractiveAsync(options, image, cancellationToken).ConfigureAwait(false);
                }

                GuestRunResult result = await GuestRunner.RunAsync(options, image, consoleLine, cancellationToken).ConfigureAwait(false);
                string summary = result.TestOutput.LastOrDefault(l => l.Contains(" passed, ", StringComparison.Ordinal)) ?? "ok";
                Console.WriteLine(result.Passed
                    ? $"==> guest test '{result.TestName}' passed in {result.Elapsed.TotalSeconds:F1} s ({summary})"
                    : $"==> guest test FAILED: {result.Describe()}");
                return result.Passed ? 0 : 1;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
