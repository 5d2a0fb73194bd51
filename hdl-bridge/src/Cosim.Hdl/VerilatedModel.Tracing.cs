using Shim = global::Interop.VerilatorShim;
namespace Cosim.Hdl;

/// <summary>Waveform tracing: open and close at run time, in the format compiled into the design library.</summary>
public sealed partial class VerilatedModel
{
    /// <summary>The path of the open trace file, or null.</summary>
    public string? TracePath { get; private set; }

    /// <summary>
    /// Starts writing a waveform (<see cref="VerilatedDesign.TraceFormat"/>: FST or VCD) to <paramref name="path"/>,
    /// with the current values at the current time. <paramref name="depth"/> limits the hierarchy levels (0: all).
    /// Every clock edge made by <see cref="Tick()"/> and every <see cref="Step"/> is dumped until
    /// <see cref="CloseTrace"/>. Throws <see cref="InvalidOperationException"/> when tracing is not compiled in or a
    /// trace is already open, <see cref="IOException"/> when the file cannot be written.
    /// </summary>
    public void OpenTrace(string path, int depth = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ThrowIfDisposed();
        if (Design.TraceFormat == TraceFormat.None)
        {
            throw new InvalidOperationException($"{Design.Top} was built without tracing; build it with TraceFormat.Fst or TraceFormat.Vcd.");
        }

        if (TracePath is not null)
        {
            throw new InvalidOperationException($"{this} is already tracing to {TracePath}; close that trace first.");
        }

        string fullPath = Path.GetFullPath(path);
        int status = Shim.vb_trace_open(NativeModel, fullPath, depth);
        if (status == (int)VerilatorStatus.Trace)
        {
            throw new IOException(Shim.LastError());
        }

        if (status != 0)
        {
            OnStatus(status);
        }

        TracePath = fullPath;
    }

    /// <summary>Writes buffered trace data to the file.</summary>
    public void FlushTrace()
    {
        ThrowIfDisposed();
        _ = Shim.vb_trace_flush(NativeModel);
    }

    /// <summary>Closes the trace file (no-op when none is open); a new one can be opened afterwards.</summary>
    public void CloseTrace()
    {
        ThrowIfDisposed();
        _ = Shim.vb_trace_close(NativeModel);
        TracePath = null;
    }
}
