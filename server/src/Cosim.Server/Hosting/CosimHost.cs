using System.Globalization;
using Cosim.Server.Checking;
using Cosim.Server.Link;
using Cosim.Server.Topology;
using Cosim.Server.Tracing;
using Cosim.Tlp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Cosim.Server.Hosting;

/// <summary>
/// Builds the generic host of <c>cosim run</c>, <c>serve</c> and <c>endpoint</c>: configuration from the JSON file,
/// then <c>COSIM_</c> environment variables (<c>COSIM_Link__Listen</c>), then the command line; console logging to
/// standard error; graceful shutdown on SIGINT/SIGTERM. The topology is validated and the models are created before
/// anything listens, so a bad configuration fails fast with every mistake named by key.
/// </summary>
public static class CosimHost
{
    /// <summary>The prefix of environment variables that override configuration keys.</summary>
    public const string EnvironmentPrefix = "COSIM_";

    /// <summary>Exit code for a configuration that cannot be used.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>Builds the host for <paramref name="options"/>.</summary>
    /// <exception cref="TopologyException">The configuration has mistakes (each names its key).</exception>
    public static IHost Build(CosimHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        AddConfiguration(builder.Configuration, options);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        options.Logging?.Invoke(builder.Logging);

        TopologyDefinition topology = TopologyReader.Read(builder.Configuration, options.Registry, requireDevices: options.Role != CosimRole.Endpoint);
        EndpointPlan? plan = options.Role == CosimRole.Endpoint ? EndpointPlan.Create(topology, options) : null;
        if (options.Role == CosimRole.Serve && !topology.Devices.Any(d => d.Attachment.Kind == AttachmentKind.Tcp))
        {
            throw new TopologyException(TopologyKeys.Devices, "cosim serve found no device with a Tcp attachment to serve on the link; use cosim run for VfioUser devices");
        }

        if (options.Role == CosimRole.Run)
        {
            var missing = topology.Devices
                .Where(d => d.Attachment.SocketPath is null)
                .Select(d => new ConfigurationError($"{d.KeyPath}:{TopologyKeys.Attachment}:{TopologyKeys.Tcp}:{TopologyKeys.Socket}", "missing; cosim run hosts Tcp devices in-process on this socket"))
                .ToList();
            if (missing.Count > 0)
            {
                throw new TopologyException(missing);
            }
        }

        ITlpTraceSink? trace = topology.TraceFile is { } file ? TlpTraceFile.Open(file) : null;
        if (trace is not null)
        {
            builder.Services.AddHostedService(_ => new TraceService(trace));
        }

        builder.Services.AddSingleton(topology);
        builder.Services.AddSingleton(options.Registry);
        if (plan is null)
        {
            AddDevices(builder.Services, options.Role, topology, trace);
        }
        else
        {
            AddEndpoint(builder.Services, topology, plan, trace);
        }

        IHost host = builder.Build();
        try
        {
            // Create the models now: a refused option fails here, before any socket exists.
            if (plan is null)
            {
                _ = host.Services.GetRequiredService<DeviceHost>();
            }

            if (trace is not null)
            {
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cosim").Tracing(topology.TraceFile!);
            }
        }
        catch
        {
            host.Dispose();
            trace?.Dispose();
            throw;
        }

        return host;
    }

    /// <summary>
    /// Builds and runs the host until SIGINT/SIGTERM (or <paramref name="cancellationToken"/>). Configuration mistakes
    /// go to <paramref name="error"/>, one per line, with exit code <see cref="ConfigurationErrorExitCode"/>.
    /// </summary>
    public static async Task<int> RunAsync(CosimHostOptions options, TextWriter error, CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            host = Build(options);
        }
        catch (TopologyException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ConfigurationErrorExitCode;
        }

        using (host)
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private static void AddConfiguration(ConfigurationManager configuration, CosimHostOptions options)
    {
        if (options.ConfigFile is { } file)
        {
            string path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new TopologyException("--config", $"'{path}' does not exist");
            }

            try
            {
                configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
            {
                throw new TopologyException("--config", $"'{path}' is not valid JSON: {e.InnerException?.Message ?? e.Message}");
            }
        }
        else if (options.Role != CosimRole.Endpoint)
        {
            throw new TopologyException("--config", "missing; give the JSON topology file (see docs/configuration.md)");
        }

        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddInMemoryCollection(options.Overrides);
        configuration.AddInMemoryCollection(ParseSettings(options.Settings));
    }

    private static Dictionary<string, string?> ParseSettings(IReadOnlyList<string> settings)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (string setting in settings)
        {
            int equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new TopologyException("--set", $"'{setting}' is not KEY=VALUE (for example --set Link:Listen=127.0.0.1:7441)");
            }

            values[setting[..equals].Trim()] = setting[(equals + 1)..];
        }

        return values;
    }

    private static void AddDevices(IServiceCollection services, CosimRole role, TopologyDefinition topology, ITlpTraceSink? trace)
    {
        services.AddSingleton(provider => new DeviceHost(
            topology,
            provider.GetRequiredService<Models.ModelRegistry>(),
            provider.GetRequiredService<ILoggerFactory>(),
            trace));

        // run hosts every device on its own socket; serve keeps VfioUser devices local and links the Tcp ones.
        services.AddHostedService(provider =>
        {
            DeviceHost devices = provider.GetRequiredService<DeviceHost>();
            ILogger logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Cosim");
            var endpoints = new List<(IPcieFunction, string, UnixFileMode, string)>();
            foreach (HostedDevice device in devices.Devices)
            {
                DeviceDefinition definition = device.Definition;
                bool local = role == CosimRole.Run || definition.Attachment.Kind == AttachmentKind.VfioUser;
                if (local && definition.Attachment.SocketPath is { } socket)
                {
                    logger.DeviceOnSocket(definition.Index, definition.Name, definition.Model, socket);
                    endpoints.Add((device.Function, socket, definition.Attachment.SocketMode, definition.Name));
                }
            }

            return new VfioUserService(endpoints, provider.GetRequiredService<ILoggerFactory>());
        });

        if (role == CosimRole.Serve)
        {
            services.AddHostedService(provider =>
            {
                DeviceHost devices = provider.GetRequiredService<DeviceHost>();
                ILogger logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Cosim");
                var served = new List<ServedDevice>();
                foreach (HostedDevice device in devices.Devices)
                {
                    if (device.Definition.Attachment.Kind == AttachmentKind.Tcp)
                    {
                        logger.DeviceOnLink(device.Definition.Index, device.Definition.Name, device.Definition.Model);
                        served.Add(new ServedDevice(device.Definition.Index, device.Definition.Name, device.Function));
                    }
                }

                return new LinkServerService(new LinkServer(served, topology.Link, provider.GetRequiredService<ILoggerFactory>()));
            });
        }
    }

    private static void AddEndpoint(IServiceCollection services, TopologyDefinition topology, EndpointPlan plan, ITlpTraceSink? trace)
    {
        services.AddSingleton<OwnedResources>();
        services.AddHostedService(provider =>
        {
            OwnedResources owned = provider.GetRequiredService<OwnedResources>();
            ILoggerFactory loggers = provider.GetRequiredService<ILoggerFactory>();
            ILogger logger = loggers.CreateLogger("Cosim");
            var proxies = new List<ProxyFunction>();
            var endpoints = new List<(IPcieFunction, string, UnixFileMode, string)>();
            foreach (EndpointPlan.Device device in plan.Devices)
            {
                var proxy = new ProxyFunction(device.Index, device.Name, loggers.CreateLogger($"Cosim.Link.{device.Name}"));
                proxies.Add(proxy);

                // The endpoint's end of the link is checked at the proxy: what QEMU's side sends and receives. Error
                // injection belongs to the process that hosts the model (run/serve), so it is not applied twice.
                IPcieFunction function = proxy;
                if (topology.Checking.AppliesTo(topology.FindDevice(device.Name)?.CheckTlp))
                {
                    var checker = new CheckingFunction(proxy, device.Name, loggers.CreateLogger($"Cosim.Checking.{device.Name}"), topology.Checking.CompletionTimeout);
                    owned.Add(checker);
                    function = checker;
                }

                function = TracingFunction.Wrap(function, trace, new TraceDevice(device.Index, device.Name));
                endpoints.Add((function, device.Socket, device.Mode, device.Name));
                logger.EndpointDevice(device.Index, device.Name, device.Socket, topology.Link.Server.ToString());
            }

            var client = new LinkClient(proxies, topology.Link, loggers);
            return new EndpointService(client, new VfioUserService(endpoints, loggers), provider.GetRequiredService<IHostApplicationLifetime>());
        });
    }

    /// <summary>Which devices an endpoint serves, on which sockets.</summary>
    private sealed record EndpointPlan(IReadOnlyList<EndpointPlan.Device> Devices)
    {
        public static EndpointPlan Create(TopologyDefinition topology, CosimHostOptions options)
        {
            if (options.EndpointDevice is not { } requested)
            {
                if (options.EndpointSocket is not null)
                {
                    throw new TopologyException("--socket", "needs --device: which device the socket serves");
                }

                var all = topology.Devices
                    .Where(d => d.Attachment.Kind == AttachmentKind.Tcp)
                    .Select(d => new Device(d.Index, d.Name, d.Attachment.SocketPath ?? throw new TopologyException($"{d.KeyPath}:{TopologyKeys.Attachment}:{TopologyKeys.Tcp}:{TopologyKeys.Socket}", "missing; the endpoint opens this vfio-user socket (or give --device and --socket)"), d.Attachment.SocketMode))
                    .ToList();
                if (all.Count == 0)
                {
                    throw new TopologyException("--device", "missing; give --device NAME --socket PATH, or a --config with Tcp-attached devices");
                }

                return new EndpointPlan(all);
            }

            DeviceDefinition? definition = topology.FindDevice(requested);
            int index;
            string name;
            if (definition is not null)
            {
                index = definition.Index;
                name = definition.Name;
            }
            else if (int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index <= ushort.MaxValue)
            {
                name = topology.Devices.FirstOrDefault(d => d.Index == index)?.Name ?? $"device{index}";
            }
            else
            {
                string known = topology.Devices.Count == 0
                    ? "give --config with the server's topology to name devices, or the device index"
                    : $"known: {string.Join(", ", topology.Devices.Select(d => d.Name))}";
                throw new TopologyException("--device", $"'{requested}' is not a device; {known}");
            }

            string? socket = options.EndpointSocket ?? definition?.Attachment.SocketPath;
            if (socket is null)
            {
                throw new TopologyException("--socket", $"missing; the vfio-user socket for device '{name}'");
            }

            UnixFileMode mode = definition?.Attachment.SocketMode ?? DeviceAttachment.DefaultSocketMode;
            return new EndpointPlan([new Device(index, name, Path.GetFullPath(socket), mode)]);
        }

        public sealed record Device(int Index, string Name, string Socket, UnixFileMode Mode);
    }
}
