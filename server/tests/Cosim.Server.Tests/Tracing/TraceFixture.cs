using Cosim.Models.TestDevice;
using Cosim.Server.Tests.Fakes;
using Cosim.Server.Tracing;
using Cosim.Tlp;

namespace Cosim.Server.Tests.Tracing;

/// <summary>Records a short, known session with a real Cosim test device into a trace file of either format.</summary>
internal static class TraceFixture
{
    public const ulong Bar0 = 0x8000_0000;

    /// <summary>
    /// CfgRd0 of the IDs, CfgWr0 of BAR0 and Command, MWr 0xDEADBEEF to the scratch register, MRd of it, and an INTx
    /// assertion: every TLP of both directions lands in <paramref name="path"/>. With <paramref name="clocked"/>, the
    /// device runs on a made-up simulation clock (<see cref="ClockedFunction"/>), as an RTL model does.
    /// </summary>
    public static async Task RecordAsync(string path, bool clocked = false)
    {
        using ITlpTraceSink sink = TlpTraceFile.Open(path);
        IPcieFunction device = clocked ? new ClockedFunction(new CosimTestDevice()) : new CosimTestDevice();
        var root = new FakeRootComplex(new TracingFunction(device, sink, new TraceDevice(3, "test3")));
        await root.ConfigReadAsync(0x00);
        await root.ConfigWriteAsync(0x10, (uint)Bar0);
        await root.ConfigWriteAsync(0x04, 0x7);
        root.MemoryWrite32(Bar0 + 0x04, 0xDEAD_BEEF);
        await root.MemoryRead32Async(Bar0 + 0x04);
        root.MemoryWrite32(Bar0 + 0x10, 1);
        await root.IntxMessages.ReadGuardedAsync();
    }

    public static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"cosim-trace-{Guid.NewGuid():N}{extension}");
}
