using Cosim.Hdl;
using Cosim.Hdl.TlpStream;
using Cosim.Hdl.Toolchain;

namespace Cosim.Conformance.Tests;

/// <summary>
/// The RTL implementations (models/rtl, copied beside the tests as rtl/), each built once per test run through
/// <see cref="RtlBuilder"/> and cached by content under <c>${COSIM_CACHE:-~/.cache/cosim}/rtl</c>, so only the first
/// run after an RTL change compiles (Verilator is installed on first use when missing).
/// </summary>
internal static class RtlDesigns
{
    // Built off the test's thread: the factories are synchronous and wait for the build.
    private static readonly Lazy<Task<RtlBuildResult>> s_pciEpfTest = new(() => Task.Run(() => BuildAsync(PciEpfTestDescription)));

    private static string PciEpfTestDescription => Path.Combine(AppContext.BaseDirectory, "rtl", "pci-epf-test", "pci_epf_test.json");

    /// <summary>A fresh RTL pci-epf-test behind the TLP-stream bridge (its <c>$display</c> output kept quiet).</summary>
    public static RtlFunction PciEpfTest()
    {
        RtlBuildResult build = s_pciEpfTest.Value.GetAwaiter().GetResult();
        RtlDeviceDescription description = RtlDeviceDescription.Load(PciEpfTestDescription);
        return new RtlFunction(VerilatedDesign.Load(build.LibraryPath), description, new RtlFunctionOptions { EchoRtlOutput = false });
    }

    private static Task<RtlBuildResult> BuildAsync(string descriptionPath)
    {
        var builder = new RtlBuilder(new RtlBuilderOptions { Progress = line => Console.Error.WriteLine("==> " + line) });
        return builder.BuildAsync(RtlDeviceDescription.Load(descriptionPath).Design);
    }
}
