using System.Buffers.Binary;
using System.Text;

namespace Cosim.Hdl.Tests;

/// <summary>Waveform tracing through the shim: FST and VCD builds of rtl/signals.sv, and one built without tracing.</summary>
public sealed class VerilatedModelTracingTests
{
    private const string Signals = "signals.sv";

    [Fact]
    public async Task AnFstTraceCoversTheTimeFromOpenToClose()
    {
        using var directory = new TemporaryDirectory();
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals, TraceFormat.Fst);
        string path = directory.File("signals.fst");

        model.OpenTrace(path);
        model.Tick(10);
        model.CloseTrace();

        // FST header block (GTKWave fstapi.c, fstWriterEmitHdrBytes): byte 0 is the block type FST_BL_HDR (0), then
        // the section length, the start time and the end time, each a big-endian u64. 10 cycles of 2 half periods
        // of 1 unit, opened at time 0: start 0, end 20.
        byte[] file = File.ReadAllBytes(path);
        Assert.Equal(0, file[0]);
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan(9)));
        Assert.Equal(20UL, BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan(17)));
        Assert.Null(model.TracePath);
    }

    [Fact]
    public async Task AVcdTraceHasTheSignalsAndATimestampPerClockEdge()
    {
        using var directory = new TemporaryDirectory();
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals, TraceFormat.Vcd);
        string path = directory.File("signals.vcd");

        model.OpenTrace(path);
        model.Tick(3);
        model.CloseTrace();
        string vcd = File.ReadAllText(path, Encoding.ASCII);

        Assert.Equal(TraceFormat.Vcd, model.Design.TraceFormat);
        Assert.Contains("$enddefinitions", vcd, StringComparison.Ordinal);
        Assert.Matches(@"\$var wire\s+32 \S+ count \[31:0\] \$end", vcd);
        string[] timestamps = [.. vcd.Split('\n').Where(l => l.StartsWith('#'))];
        Assert.Equal(["#0", "#1", "#2", "#3", "#4", "#5", "#6"], timestamps);
    }

    [Fact]
    public async Task ATraceCanBeReopenedAfterClosing()
    {
        using var directory = new TemporaryDirectory();
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals, TraceFormat.Vcd);
        model.OpenTrace(directory.File("first.vcd"));
        model.Tick(2);
        model.CloseTrace();

        model.Tick(2);
        model.OpenTrace(directory.File("second.vcd"));
        model.Tick(1);
        model.CloseTrace();

        // The second trace starts where it was opened (time 8) and covers one cycle.
        string[] timestamps = [.. File.ReadAllLines(directory.File("second.vcd")).Where(l => l.StartsWith('#'))];
        Assert.Equal(["#8", "#9", "#10"], timestamps);
    }

    [Fact]
    public async Task OpeningASecondTraceWhileOneIsOpenThrows()
    {
        using var directory = new TemporaryDirectory();
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals, TraceFormat.Fst);
        model.OpenTrace(directory.File("a.fst"));

        Assert.Throws<InvalidOperationException>(() => model.OpenTrace(directory.File("b.fst")));
    }

    [Fact]
    public async Task ATraceFileThatCannotBeCreatedThrowsIOException()
    {
        using var directory = new TemporaryDirectory();
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals, TraceFormat.Fst);

        IOException thrown = Assert.Throws<IOException>(() => model.OpenTrace(directory.File("missing/dir/a.fst")));

        Assert.Contains("missing/dir/a.fst", thrown.Message, StringComparison.Ordinal);
        Assert.Null(model.TracePath);
    }

    [Fact]
    public async Task OpeningATraceWithoutTracingCompiledInThrows()
    {
        using var directory = new TemporaryDirectory();
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals, TraceFormat.None);

        InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(() => model.OpenTrace(directory.File("a.fst")));

        Assert.Contains("without tracing", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(TraceFormat.None, model.Design.TraceFormat);
    }

    [Fact]
    public async Task DisposingATracingModelClosesTheTrace()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("disposed.vcd");
        VerilatedModel model = await TestDesigns.OpenAsync(Signals, TraceFormat.Vcd);
        model.OpenTrace(path);
        model.Tick(1);

        model.Dispose();

        string[] timestamps = [.. File.ReadAllLines(path).Where(l => l.StartsWith('#'))];
        Assert.Equal(["#0", "#1", "#2"], timestamps);
    }
}
