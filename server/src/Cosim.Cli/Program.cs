using System.CommandLine;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Cosim.Cli;

/// <summary>Entry point of the <c>cosim</c> command.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "Cosim: run a real Linux driver in a stock QEMU guest against a PCIe device outside QEMU "
            + "(a C# model or Verilator RTL), with every access carried as PCIe TLPs.");
        root.Subcommands.Add(GuestCommands.Create());
        root.Subcommands.Add(BenchCommands.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(QemuCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(EndpointCommand.Create());
        root.Subcommands.Add(TraceCommand.Create());
        root.Subcommands.Add(RtlCommands.Create());

        // The hosts of run/serve/endpoint own SIGINT/SIGTERM (graceful shutdown: sockets closed, links told).
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
