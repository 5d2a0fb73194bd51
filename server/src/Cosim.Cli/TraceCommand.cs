using System.CommandLine;
using Cosim.Server.Tracing;
using Cosim.Tlp;

namespace Cosim.Cli;

/// <summary><c>cosim trace show FILE [--device X] [--type MRd] [--address lo-hi]</c>: a recorded TLP trace as a table.</summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A trace recorded with --trace-tlp (.jsonl or .pcapng)." };
        var device = new Option<string?>("--device") { Description = "Only TLPs of this device." };
        var type = new Option<string?>("--type")
        {
            Description = "Only these TLP types, comma-separated: MRd, MWr, IORd, IOWr, CfgRd0, CfgWr0, Msg, MsgD, Cpl, "
                + "CplD (aliases MemRd, MemWr, CfgRd, CfgWr).",
        };
        var address = new Option<string?>("--address") { Description = "Only requests touching lo-hi (hex, inclusive), e.g. 0xfeb00000-0xfeb00fff." };
        var show = new Command("show", "Print a TLP trace as a table: time, direction, device, type, IDs, target, length, payload.");
        show.Arguments.Add(file);
        show.Options.Add(device);
        show.Options.Add(type);
        show.Options.Add(address);
        show.SetAction((ParseResult parse) =>
        {
            var filter = new TraceFilter { Device = parse.GetValue(device) };
            if (parse.GetValue(type) is { } types)
            {
                if (!TraceFilter.TryParseKinds(types, out IReadOnlySet<TlpKind> kinds, out string reason))
                {
                    Console.Error.WriteLine($"--type: {reason}");
                    return 2;
                }

                filter = filter with { Kinds = kinds };
            }

            if (parse.GetValue(address) is { } range)
            {
                if (!TraceFilter.TryParseRange(range, out ulong low, out ulong high, out string reason))
                {
                    Console.Error.WriteLine($"--address: {reason}");
                    return 2;
                }

                filter = filter with { AddressLow = low, AddressHigh = high };
            }

            string path = parse.GetValue(file)!;
            try
            {
                TraceTable.Write(TraceReader.Read(path), filter, Console.Out);
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{path}: {e.Message}");
                return 1;
            }
        });

        var trace = new Command("trace", "Recorded TLP traces.");
        trace.Subcommands.Add(show);
        return trace;
    }
}
