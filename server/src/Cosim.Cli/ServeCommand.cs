using System.CommandLine;
using Cosim.Server.Hosting;

namespace Cosim.Cli;

/// <summary><c>cosim serve --config x.json</c>: hosts the models and serves the Tcp-attached ones on the Cosim link.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "The JSON topology file (docs/configuration.md).",
            Required = true,
        };
        var listen = new Option<string?>("--listen")
        {
            Description = "Address to listen on, host:port (default 127.0.0.1:7440). A non-loopback address needs "
                + "--allow-remote and a shared secret.",
        };
        var allowRemote = new Option<bool>("--allow-remote")
        {
            Description = "Allow a non-loopback --listen address (a shared secret is then required).",
        };
        var secretFile = new Option<string?>("--secret-file")
        {
            Description = "File with the link's shared secret: at least 16 random bytes, raw or hex "
                + "(e.g. `openssl rand -hex 32 > link.key`). Both sides need the same one.",
        };
        var trace = RunCommand.TraceOption();
        var checkTlp = RunCommand.CheckTlpOption();
        var set = RunCommand.SetOption();
        var command = new Command(
            "serve",
            "Host the models of the topology and serve every device with a Tcp attachment on the Cosim link to "
            + "`cosim endpoint` processes next to QEMU. VfioUser-attached devices get their socket here.");
        command.Options.Add(config);
        command.Options.Add(listen);
        command.Options.Add(allowRemote);
        command.Options.Add(secretFile);
        command.Options.Add(trace);
        command.Options.Add(checkTlp);
        command.Options.Add(set);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            Dictionary<string, string?> overrides = RunCommand.TraceOverride(parse.GetValue(trace), parse.GetValue(checkTlp));
            if (parse.GetValue(listen) is { } address)
            {
                overrides["Link:Listen"] = address;
            }

            if (parse.GetValue(allowRemote))
            {
                overrides["Link:AllowRemote"] = "true";
            }

            if (parse.GetValue(secretFile) is { } secret)
            {
                overrides["Link:SecretFile"] = secret;
            }

            var options = new CosimHostOptions
            {
                Role = CosimRole.Serve,
                ConfigFile = parse.GetValue(config),
                Overrides = overrides,
                Settings = parse.GetValue(set) ?? [],
            };
            return await CosimHost.RunAsync(options, Console.Error, cancellationToken);
        });
        return command;
    }
}
