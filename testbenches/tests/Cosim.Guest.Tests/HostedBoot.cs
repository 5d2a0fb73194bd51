using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Cosim.Qemu;
using Cosim.Server.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>How the devices of a hosted boot are served.</summary>
public enum ServeMode
{
    /// <summary><c>cosim run</c>: endpoint, server and models in one process.</summary>
    Embedded,

    /// <summary><c>cosim serve</c> (models) and <c>cosim endpoint</c> (vfio-user, per device) joined by the TCP link.</summary>
    Split,
}

/// <summary>
/// One guest boot against devices served the production way: a topology file as a user writes it, and the hosts of
/// <c>cosim run</c>, or of <c>cosim serve</c> plus one <c>cosim endpoint</c> per device over a loopback TCP link with a
/// shared secret. Only <see cref="ServeMode"/> differs between the two, so a test theory over it compares them. The
/// TLP protocol checker runs on every device link (<c>CheckTlp</c>; in split mode on both ends of the TCP link) and
/// the boot fails the test on any violation.
/// </summary>
internal static class HostedBoot
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<GuestRunResult> RunAsync(
        ITestOutputHelper output, GuestRunOptions options, ServeMode mode, params (string Name, string Model)[] devices)
    {
        GuestImage image = await GuestProvisioner.EnsureAsync(output.WriteLine, CancellationToken.None);
        DirectoryInfo run = Directory.CreateTempSubdirectory($"cosim-{options.TestName}-{mode}-");
        string config = WriteTopology(run.FullName, mode, devices);
        var checker = new CheckerLogProvider();
        var hosts = new List<IHost>();
        try
        {
            if (mode == ServeMode.Embedded)
            {
                hosts.Add(Build(output, checker, new CosimHostOptions { Role = CosimRole.Run, ConfigFile = config }));
            }
            else
            {
                hosts.Add(Build(output, checker, new CosimHostOptions { Role = CosimRole.Serve, ConfigFile = config }));
                hosts.AddRange(devices.Select(d => Build(output, checker, new CosimHostOptions
                {
                    Role = CosimRole.Endpoint,
                    ConfigFile = config,
                    EndpointDevice = d.Name,
                    EndpointSocket = SocketOf(run.FullName, d.Name),
                })));
            }

            foreach (IHost host in hosts)
            {
                await host.StartAsync();
            }

            GuestRunResult result = await GuestRunner.RunAsync(
                options with
                {
                    Devices = [.. options.Devices, .. devices.Select(d => new VfioUserDevice(SocketOf(run.FullName, d.Name)))],
                    ConsoleLogPath = options.ConsoleLogPath ?? Path.Combine(run.FullName, "console.log"),
                },
                image,
                output.WriteLine,
                CancellationToken.None);
            // Embedded: one checker per device at the model; split: one at the model and one at the endpoint's proxy.
            Assert.Equal(devices.Length * (mode == ServeMode.Embedded ? 1 : 2), checker.CheckedLinks);
            Assert.True(checker.Violations.Count == 0, $"TLP protocol violations on the device links:{Environment.NewLine}{string.Join(Environment.NewLine, checker.Violations)}");
            return result;
        }
        finally
        {
            // Endpoints first, as a user stopping the stack would: the server sees its links end, then stops.
            for (int i = hosts.Count - 1; i >= 0; i--)
            {
                await hosts[i].StopAsync();
                hosts[i].Dispose();
            }
        }
    }

    private static IHost Build(ITestOutputHelper output, CheckerLogProvider checker, CosimHostOptions options) =>
        CosimHost.Build(options with
        {
            Logging = logging => logging.AddProvider(new TestOutputLoggerProvider(output)).AddProvider(checker),
        });

    private static string SocketOf(string directory, string device) => Path.Combine(directory, device + ".sock");

    // run: every device on its own vfio-user socket. serve/endpoint: every device on the link (Tcp attachment; the
    // endpoint opens the vfio-user socket named on its command line), a free loopback port and a secret.
    private static string WriteTopology(string directory, ServeMode mode, (string Name, string Model)[] devices)
    {
        string link = $"127.0.0.1:{FreePort()}";
        object topology = new
        {
            CheckTlp = true,
            Devices = devices.Select(d => new
            {
                d.Name,
                d.Model,
                Attachment = mode == ServeMode.Embedded
                    ? (object)new { VfioUser = new { Socket = SocketOf(directory, d.Name) } }
                    : new { Tcp = new { } },
            }),
            Link = mode == ServeMode.Embedded ? null : new
            {
                Listen = link,
                Server = link,
                Secret = Convert.ToHexString(Guid.NewGuid().ToByteArray()),
            },
        };
        string file = Path.Combine(directory, "topology.json");
        File.WriteAllText(file, JsonSerializer.Serialize(topology, s_json));
        return file;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
