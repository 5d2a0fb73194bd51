using System.Runtime.InteropServices;
using System.Text.Json;
using Cosim.Models.PciEpfTest;
using Cosim.Models.TestDevice;
using Cosim.Tlp;
using Cosim.VfioUser;
using Microsoft.Extensions.Logging;

namespace Cosim.Docker.ServeInterim;

/// <summary>
/// TEMPORARY: serves the devices of a topology file on vfio-user sockets, the way <c>cosim run --config FILE</c> will,
/// for the cosim image while the <c>cosim</c> command has no <c>run</c> subcommand. It reads the subset of the format
/// the compose configurations use: <c>Devices[].Name</c>, <c>.Model</c> (<c>pci-epf-test</c> or <c>cosim-test</c>) and
/// <c>.Attachment.VfioUser.Socket</c>/<c>.Mode</c> (keys case-insensitive). Runs until SIGTERM or SIGINT.
/// </summary>
internal static class Program
{
    private static readonly Dictionary<string, Func<ILogger, IPcieFunction>> s_models = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pci-epf-test"] = logger => new PciEpfTestDevice(logger),
        ["cosim-test"] = logger => new CosimTestDevice(logger),
    };

    private static async Task<int> Main(string[] args)
    {
        if (args.Length != 2 || args[0] != "--config")
        {
            await Console.Error.WriteLineAsync("usage: cosim-serve-interim --config FILE").ConfigureAwait(false);
            return 2;
        }

        List<DeviceEntry> devices;
        try
        {
            devices = ReadDevices(args[1]);
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"cosim-serve-interim: {args[1]}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        ILogger log = loggers.CreateLogger("cosim");
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        var servers = new List<VfioUserServer>();
        try
        {
            foreach (DeviceEntry device in devices)
            {
                IPcieFunction function = s_models[device.Model](loggers.CreateLogger($"Cosim.Models.{device.Name}"));
                var server = new VfioUserServer(device.Socket, function, new VfioUserServerOptions { SocketMode = device.Mode }, loggers.CreateLogger($"vfio-user.{device.Name}"));
                servers.Add(server);
                server.Start();
                log.LogInformation("serving {Model} '{Name}' at {Socket}", device.Model, device.Name, device.Socket);
            }

            await stop.Task.ConfigureAwait(false);
            log.LogInformation("stopping");
        }
        finally
        {
            foreach (VfioUserServer server in servers)
            {
                server.Dispose();
            }
        }

        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
    }

    private static List<DeviceEntry> ReadDevices(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var devices = new List<DeviceEntry>();
        if (Find(document.RootElement, "Devices") is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() == 0)
        {
            throw new InvalidDataException("Devices: missing; give a JSON array of devices");
        }

        int index = 0;
        foreach (JsonElement device in list.EnumerateArray())
        {
            string key = $"Devices:{index++}";
            string name = Find(device, "Name")?.GetString() ?? throw new InvalidDataException($"{key}:Name: missing");
            string model = Find(device, "Model")?.GetString() ?? throw new InvalidDataException($"{key}:Model: missing");
            if (!s_models.ContainsKey(model))
            {
                throw new InvalidDataException($"{key}:Model: '{model}' needs `cosim run` (this interim server knows {string.Join(", ", s_models.Keys)})");
            }

            JsonElement? attachment = Find(device, "Attachment");
            JsonElement? vfioUser = attachment is { } a ? Find(a, "VfioUser") ?? Find(a, "Tcp") : null;
            string socket = (vfioUser is { } v ? Find(v, "Socket")?.GetString() : null)
                ?? throw new InvalidDataException($"{key}:Attachment:VfioUser:Socket: missing");
            UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            if (vfioUser is { } withMode && Find(withMode, "Mode")?.GetString() is { } octal)
            {
                mode = (UnixFileMode)Convert.ToInt32(octal, 8);
            }

            devices.Add(new DeviceEntry(name, model, Path.GetFullPath(socket), mode));
        }

        return devices;
    }

    private static JsonElement? Find(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private sealed record DeviceEntry(string Name, string Model, string Socket, UnixFileMode Mode);
}
