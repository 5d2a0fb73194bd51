using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Shim = global::Interop.VerilatorShim;

namespace Cosim.Hdl.Benchmarks;

/// <summary>
/// Simulated cycles per second through the bridge, next to the same stimulus as a C++ loop inside the same
/// design library (<c>vb_run_cycles</c>). Every variant drives every input except the clock and the held reset
/// with the same xorshift64 sequence, makes one clock cycle, and folds every output into a checksum; the
/// checksums must be equal, so every variant did the same work. Best of N runs, variants interleaved; rates are
/// per second of the measuring thread's CPU time (the machine may be shared), wall-time rates beside them.
/// </summary>
internal static class RtlBench
{
    internal const ulong Seed = 0x9E37_79B9_7F4A_7C15;

    /// <summary>
    /// One measured variant: best rate over the runs per second of the thread's CPU time (what the ratios use: other
    /// work on a shared machine does not count) and per second of wall time, and the checksum of its last run.
    /// </summary>
    internal sealed record Figure(string Variant, double CyclesPerSecond, double WallCyclesPerSecond, ulong Checksum);

    /// <summary>
    /// Runs every variant on every design (a fresh model per run, so each starts from the same state), interleaved,
    /// and returns each variant's best rate; <paramref name="held"/> names the port held at 0 (the reset).
    /// </summary>
    internal static IReadOnlyList<IReadOnlyList<Figure>> Run(IReadOnlyList<VerilatedDesign> designs, string? held, ulong cycles, int runs)
    {
        var variants = new (string Name, Func<VerilatedModel, Port?, ulong, ulong> Body)[]
        {
            ("C++ loop in the .so (vb_run_cycles)", CppLoop),
            ("C# raw port pointers + Tick()", RawPointerLoop),
            ("C# Port.Value/Write + Tick()", PortApiLoop),
            ("C# raw pointers, tick with [SuppressGCTransition]", SuppressedTickLoop),
        };

        var best = new double[designs.Count, variants.Length];
        var bestWall = new double[designs.Count, variants.Length];
        var checksums = new ulong[designs.Count, variants.Length];
        for (int run = -1; run < runs; run++)
        {
            for (int d = 0; d < designs.Count; d++)
            {
                for (int v = 0; v < variants.Length; v++)
                {
                    using VerilatedModel model = designs[d].CreateModel("BENCH");
                    model.EchoOutput = false;
                    Port? heldPort = held is null ? null : model[held];
                    ulong length = run < 0 ? Math.Max(1, cycles / 10) : cycles;
                    long start = Stopwatch.GetTimestamp();
                    long startCpu = global::Interop.ThreadClock.Nanoseconds();
                    ulong checksum = variants[v].Body(model, heldPort, length);
                    double cpuSeconds = (global::Interop.ThreadClock.Nanoseconds() - startCpu) / 1e9;
                    double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                    if (run >= 0)
                    {
                        checksums[d, v] = checksum;
                        best[d, v] = Math.Max(best[d, v], length / cpuSeconds);
                        bestWall[d, v] = Math.Max(bestWall[d, v], length / seconds);
                    }
                }
            }
        }

        return [.. designs.Select((_, d) => (IReadOnlyList<Figure>)[.. variants.Select((v, i) => new Figure(v.Name, best[d, i], bestWall[d, i], checksums[d, i]))])];
    }

    /// <summary>Average ns per call of a one-field read, with and without <c>[SuppressGCTransition]</c>.</summary>
    internal static (double Suppressed, double Transitioned) MeasureFieldRead(VerilatedDesign design, int calls)
    {
        using VerilatedModel model = design.CreateModel("CALLS");
        nint handle = model.NativeModel;
        ulong sink = 0;
        double suppressed = double.MaxValue;
        double transitioned = double.MaxValue;
        for (int run = 0; run < 6; run++)
        {
            bool suppressedFirst = run % 2 == 0;
            for (int pass = 0; pass < 2; pass++)
            {
                bool measureSuppressed = (pass == 0) == suppressedFirst;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++)
                {
                    sink += measureSuppressed ? Shim.vb_cycle(handle) : Shim.vb_cycle_transitioned(handle);
                }

                double nanoseconds = Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls;
                if (measureSuppressed)
                {
                    suppressed = Math.Min(suppressed, nanoseconds);
                }
                else
                {
                    transitioned = Math.Min(transitioned, nanoseconds);
                }
            }
        }

        GC.KeepAlive(sink);
        return (suppressed, transitioned);
    }

    /// <summary>A printable table of <paramref name="figures"/> with each rate as a share of the C++ loop.</summary>
    internal static string Format(string title, IReadOnlyList<Figure> figures)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{title}\n");
        double baseline = figures[0].CyclesPerSecond;
        foreach (Figure figure in figures)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {figure.Variant,-50} {figure.CyclesPerSecond / 1e6,8:F2} Mcyc/s  {1e9 / figure.CyclesPerSecond,7:F1} ns/cyc  {figure.CyclesPerSecond / baseline,7:P1}  (wall {figure.WallCyclesPerSecond / 1e6,6:F2} Mcyc/s)  checksum {figure.Checksum:x16}\n");
        }

        bool same = figures.All(f => f.Checksum == figures[0].Checksum);
        text.Append(same ? "  checksums equal: every variant did the same work\n" : "  CHECKSUMS DIFFER: the variants did not do the same work\n");
        return text.ToString();
    }

    private static ulong CppLoop(VerilatedModel model, Port? held, ulong cycles)
    {
        ulong seed = Seed;
        ulong checksum = 0;
        int status = Shim.vb_run_cycles(model.NativeModel, model.ClockIndex, held?.Info.Index ?? -1, 0, cycles, ref seed, ref checksum);
        if (status != 0)
        {
            model.OnStatus(status);
        }

        return checksum;
    }

    /// <summary>The C# twin of vb_run_cycles: raw storage pointers, one <see cref="VerilatedModel.Tick()"/> per cycle.</summary>
    private static ulong RawPointerLoop(VerilatedModel model, Port? held, ulong cycles) => RawLoop(model, held, cycles, suppressTransition: false);

    /// <summary>As <see cref="RawPointerLoop"/>, the tick without the GC transition: what the attribute would buy.</summary>
    private static ulong SuppressedTickLoop(VerilatedModel model, Port? held, ulong cycles) => RawLoop(model, held, cycles, suppressTransition: true);

    private static unsafe ulong RawLoop(VerilatedModel model, Port? held, ulong cycles, bool suppressTransition)
    {
        PortPlan plan = PortPlan.For(model, held);
        ulong state = Seed;
        ulong checksum = 0;
        for (ulong cycle = 0; cycle < cycles; cycle++)
        {
            for (int i = 0; i < plan.Inputs.Length; i++)
            {
                ref readonly PortSlot slot = ref plan.Inputs[i];
                if (slot.Held)
                {
                    Store(slot, 0);
                }
                else if (slot.Bytes <= sizeof(ulong))
                {
                    Store(slot, Next(ref state) & slot.Mask);
                }
                else
                {
                    uint* words = (uint*)slot.Storage;
                    int count = slot.Bytes / sizeof(uint);
                    for (int w = 0; w < count; w++)
                    {
                        words[w] = (uint)Next(ref state);
                    }

                    words[count - 1] &= slot.TopWordMask;
                }
            }

            if (suppressTransition)
            {
                int status = Shim.vb_tick_suppressed(model.NativeModel, model.ClockIndex, 1);
                if (status != 0)
                {
                    model.OnStatus(status);
                }
            }
            else
            {
                model.Tick();
            }

            for (int i = 0; i < plan.Outputs.Length; i++)
            {
                checksum = Fold(plan.Outputs[i], checksum);
            }
        }

        return checksum;
    }

    /// <summary>The same stimulus through the public API: <see cref="Port.Value"/> and <see cref="Port.Write(ReadOnlySpan{uint})"/>.</summary>
    private static ulong PortApiLoop(VerilatedModel model, Port? held, ulong cycles)
    {
        Port[] inputs = [.. model.Ports.Where(p => p.Direction != PortDirection.Output && p != model.Clock)];
        Port[] outputs = [.. model.Ports.Where(p => p.Direction != PortDirection.Input)];
        Span<uint> words = stackalloc uint[64];
        ulong state = Seed;
        ulong checksum = 0;
        for (ulong cycle = 0; cycle < cycles; cycle++)
        {
            foreach (Port port in inputs)
            {
                if (port == held)
                {
                    port.Value = 0;
                }
                else if (!port.IsWide)
                {
                    port.Value = Next(ref state);
                }
                else
                {
                    Span<uint> value = words[..port.WordCount];
                    for (int w = 0; w < value.Length; w++)
                    {
                        value[w] = (uint)Next(ref state);
                    }

                    port.Write(value);
                }
            }

            model.Tick();
            foreach (Port port in outputs)
            {
                if (!port.IsWide)
                {
                    checksum = (checksum * 31) + port.Value;
                }
                else
                {
                    Span<uint> value = words[..port.WordCount];
                    port.Read(value);
                    foreach (uint word in value)
                    {
                        checksum = (checksum * 31) + word;
                    }
                }
            }
        }

        return checksum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Next(ref ulong state)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(in PortSlot slot, ulong value)
    {
        switch (slot.Bytes)
        {
            case sizeof(byte):
                *slot.Storage = (byte)value;
                break;
            case sizeof(ushort):
                *(ushort*)slot.Storage = (ushort)value;
                break;
            case sizeof(uint):
                *(uint*)slot.Storage = (uint)value;
                break;
            default:
                *(ulong*)slot.Storage = value;
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ulong Fold(in PortSlot slot, ulong checksum)
    {
        switch (slot.Bytes)
        {
            case sizeof(byte):
                return (checksum * 31) + *slot.Storage;
            case sizeof(ushort):
                return (checksum * 31) + *(ushort*)slot.Storage;
            case sizeof(uint):
                return (checksum * 31) + *(uint*)slot.Storage;
            case sizeof(ulong):
                return (checksum * 31) + *(ulong*)slot.Storage;
            default:
                uint* words = (uint*)slot.Storage;
                for (int w = 0; w < slot.Bytes / sizeof(uint); w++)
                {
                    checksum = (checksum * 31) + words[w];
                }

                return checksum;
        }
    }

    private unsafe readonly struct PortSlot(Port port, bool held)
    {
        public readonly byte* Storage = port.Storage;
        public readonly int Bytes = port.Info.StorageBytes;
        public readonly ulong Mask = port.Width >= 64 ? ulong.MaxValue : (1UL << port.Width) - 1;
        public readonly uint TopWordMask = port.Width % 32 == 0 ? uint.MaxValue : (1U << (port.Width % 32)) - 1;
        public readonly bool Held = held;
    }

    private sealed class PortPlan
    {
        public required PortSlot[] Inputs { get; init; }

        public required PortSlot[] Outputs { get; init; }

        public static PortPlan For(VerilatedModel model, Port? held) => new()
        {
            Inputs = [.. model.Ports.Where(p => p.Direction != PortDirection.Output && p != model.Clock).Select(p => new PortSlot(p, p == held))],
            Outputs = [.. model.Ports.Where(p => p.Direction != PortDirection.Input).Select(p => new PortSlot(p, false))],
        };
    }
}
