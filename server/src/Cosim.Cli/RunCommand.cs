using System.CommandLine;
using Cosim.Server.Hosting;

namespace Cosim.Cli;

/// <summary><c>cosim run --config x.json</c>: every device of the topology in this process, each on its own vfio-user socket.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "The JSON topology file (docs/configuration.md).",
            Required = true,
        };
        var trace = TraceOption();
        var checkTlp = CheckTlpOption();
        var set = SetOption();
        var command = new Command(
            "run",
            "Run the models and their vfio-user endpoints in one process (no TCP hop): each device of the topology gets "
            + "its own vfio-user socket for QEMU's vfio-user-pci. Stops cleanly on SIGINT/SIGTERM.");
        command.Options.Add(config);
        command.Options.Add(trace);
        command.Options.Add(checkTlp);
        command.Options.Add(set);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var options = new CosimHostOptions
            {
                Role = CosimRole.Run,
                ConfigFile = parse.GetValue(config),
                Overrides = TraceOverride(parse.GetValue(trace), parse.GetValue(checkTlp)),
                Settings = parse.GetValue(set) ?? [],
            };
            return await CosimHost.RunAsync(options, Console.Error, cancellationToken);
        });
        return command;
    }

    /// <summary><c>--trace-tlp FILE</c>, shared by run, serve and endpoint.</summary>
    internal static Option<string?> TraceOption() => new("--trace-tlp")
    {
        Description = "Record every TLP on every link to FILE: JSON lines (.jsonl, read with `cosim trace show`) or "
            + "pcapng (.pcapng, open in Wireshark with tools/wireshark/cosim-tlp.lua).",
    };

    /// <summary><c>--check-tlp</c>, shared by run, serve and endpoint.</summary>
    internal static Option<bool> CheckTlpOption() => new("--check-tlp")
    {
        Description = "Run the TLP protocol checker on every device link (sets CheckTlp:Enabled=true; a device's "
            + "CheckTlp=false still opts out): each violation is logged as a warning with the rule and the decoded TLP.",
    };

    /// <summary><c>--set KEY=VALUE</c>, shared by run, serve and endpoint.</summary>
    internal static Option<string[]> SetOption() => new("--set")
    {
        Description = "Override a configuration key, e.g. --set Link:IdleTimeoutSeconds=10 (repeatable; wins over the "
            + "file and COSIM_ environment variables).",
    };

    internal static Dictionary<string, string?> TraceOverride(string? trace, bool checkTlp = false)
    {
        var overrides = new Dictionary<string, string?>();
        if (trace is not null)
        {
            overrides["Trace:File"] = trace;
        }

        if (checkTlp)
        {
            overrides["CheckTlp:Enabled"] = "true";
        }

        return overrides;
    }
}
