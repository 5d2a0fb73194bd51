using System.CommandLine;
using Cosim.Server.Hosting;

namespace Cosim.Cli;

/// <summary>
/// <c>cosim endpoint --socket PATH --server HOST:PORT --device NAME</c>: the vfio-user server next to QEMU, every TLP
/// forwarded to <c>cosim serve</c>.
/// </summary>
internal static class EndpointCommand
{
    public static Command Create()
    {
        var server = new Option<string?>("--server")
        {
            Description = "The cosim serve address, host:port (default 127.0.0.1:7440). A non-loopback server needs a shared secret.",
        };
        var device = new Option<string?>("--device")
        {
            Description = "The device to serve: its name in --config, or its index in the server's topology. "
                + "Without --device, every Tcp-attached device of --config is served on its configured socket.",
        };
        var socket = new Option<string?>("--socket")
        {
            Description = "The vfio-user socket QEMU connects to (default: the device's Attachment:Tcp:Socket in --config).",
        };
        var config = new Option<string?>("--config")
        {
            Description = "The server's JSON topology file: names devices, and gives sockets and link settings.",
        };
        var secretFile = new Option<string?>("--secret-file")
        {
            Description = "File with the link's shared secret (the same as the server's).",
        };
        var trace = RunCommand.TraceOption();
        var checkTlp = RunCommand.CheckTlpOption();
        var set = RunCommand.SetOption();
        var command = new Command(
            "endpoint",
            "Run the vfio-user server QEMU connects to and forward every TLP to `cosim serve` over TCP. The socket "
            + "opens once the server is reached; a dropped link is retried with back-off, and accesses meanwhile read "
            + "as all ones.");
        command.Options.Add(server);
        command.Options.Add(device);
        command.Options.Add(socket);
        command.Options.Add(config);
        command.Options.Add(secretFile);
        command.Options.Add(trace);
        command.Options.Add(checkTlp);
        command.Options.Add(set);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            Dictionary<string, string?> overrides = RunCommand.TraceOverride(parse.GetValue(trace), parse.GetValue(checkTlp));
            if (parse.GetValue(server) is { } address)
            {
                overrides["Link:Server"] = address;
            }

            if (parse.GetValue(secretFile) is { } secret)
            {
                overrides["Link:SecretFile"] = secret;
            }

            var options = new CosimHostOptions
            {
                Role = CosimRole.Endpoint,
                ConfigFile = parse.GetValue(config),
                Overrides = overrides,
                Settings = parse.GetValue(set) ?? [],
                EndpointDevice = parse.GetValue(device),
                EndpointSocket = parse.GetValue(socket),
            };
            return await CosimHost.RunAsync(options, Console.Error, cancellationToken);
        });
        return command;
    }
}
