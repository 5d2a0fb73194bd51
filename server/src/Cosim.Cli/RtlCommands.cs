using System.CommandLine;
using Cosim.Cli.Rtl;
using Cosim.Hdl;

namespace Cosim.Cli;

/// <summary><c>cosim rtl build DESCRIPTION|NAME</c>: Verilog to a cached shared library, as <c>rtl:&lt;name&gt;</c> devices use.</summary>
internal static class RtlCommands
{
    public static Command Create()
    {
        var description = new Argument<string>("description")
        {
            Description = "A device description (a *.json file: the RTL's top module, sources and PCI identity, see "
                + "docs/rtl-interface.md), or the name of an RTL model on the search path ($COSIM_RTL_PATH, then the RTL "
                + "shipped with cosim, e.g. pci-epf-test).",
        };
        var trace = new Option<TraceFormat?>("--trace")
        {
            Description = "Waveform format compiled in: fst (GTKWave), vcd or none. Default: the description's rtl.trace (fst).",
        };
        var build = new Command(
            "build",
            "Build the RTL of a device description into a shared library: Verilator (Debian's package, installed when "
            + "missing) reads the top module's ports, a small C ABI shim is generated from them, and g++ compiles the model "
            + "and the shim into libvb_<top>.so. The result is cached by a hash of the sources, options and tool versions "
            + "under $COSIM_CACHE/rtl (default ~/.cache/cosim/rtl): an unchanged design is a cache hit. Progress goes to "
            + "stderr; the library's path is printed on stdout. A topology uses it as \"Model\": \"rtl:<name>\" (built on "
            + "demand there too).\n\nExamples:\n  cosim rtl build pci-epf-test\n  cosim rtl build my-device/my_device.json --trace vcd");
        build.Arguments.Add(description);
        build.Options.Add(trace);
        build.SetAction((ParseResult parse, CancellationToken cancellationToken) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            return RtlBuild.RunAsync(parse.GetValue(description)!, parse.GetValue(trace), output, error, cancellationToken);
        });

        var rtl = new Command("rtl", "RTL (Verilog/SystemVerilog) devices simulated by Verilator.");
        rtl.Subcommands.Add(build);
        return rtl;
    }
}
