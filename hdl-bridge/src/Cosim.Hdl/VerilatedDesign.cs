using System.Collections.Concurrent;
using Cosim.Hdl.Interop;
using Shim = global::Interop.VerilatorShim;

namespace Cosim.Hdl;

/// <summary>
/// A loaded design library (libvb_&lt;top&gt;.so built by <see cref="Toolchain.RtlBuilder"/>): its top module,
/// ports and trace format. Create any number of independent <see cref="VerilatedModel"/>s from it.
/// </summary>
/// <remarks>A library stays loaded for the life of the process; loading the same path again returns the same design.</remarks>
public sealed class VerilatedDesign
{
    private static readonly ConcurrentDictionary<string, VerilatedDesign> s_loaded = new(StringComparer.Ordinal);

    private readonly Dictionary<string, PortInfo> _portsByName;

    private unsafe VerilatedDesign(string libraryPath, nint design)
    {
        LibraryPath = libraryPath;
        Native = design;
        Top = Shim.Utf8(Shim.vb_design_top(design));
        VerilatorVersion = Shim.Utf8(Shim.vb_design_verilator_version(design));
        TraceFormat = (TraceFormat)Shim.vb_design_trace_kind(design);
        int count = Shim.vb_design_port_count(design);
        var ports = new PortInfo[count];
        _portsByName = new Dictionary<string, PortInfo>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            int status = Shim.vb_design_port(design, i, out byte* name, out int direction, out int width);
            if (status != 0)
            {
                throw new InvalidOperationException($"{libraryPath}: port {i}: {Shim.LastError()}");
            }

            ports[i] = new PortInfo(i, Shim.Utf8(name), (PortDirection)direction, width);
            _portsByName[ports[i].Name] = ports[i];
        }

        Ports = ports;
    }

    /// <summary>The full path of the shared library.</summary>
    public string LibraryPath { get; }

    /// <summary>The top module's name.</summary>
    public string Top { get; }

    /// <summary>The Verilator version the library was built with.</summary>
    public string VerilatorVersion { get; }

    /// <summary>The waveform format compiled in (<see cref="TraceFormat.None"/>: tracing cannot be opened).</summary>
    public TraceFormat TraceFormat { get; }

    /// <summary>Every top-level port, in pin order.</summary>
    public IReadOnlyList<PortInfo> Ports { get; }

    internal nint Native { get; }

    /// <summary>
    /// Loads a design library (and, on first use, libvbridge.so from the same directory or next to Cosim.Hdl.dll).
    /// Throws <see cref="DllNotFoundException"/> when the file is missing, not a design library or built for another ABI.
    /// </summary>
    public static VerilatedDesign Load(string libraryPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(libraryPath);
        string fullPath = Path.GetFullPath(libraryPath);
        if (s_loaded.TryGetValue(fullPath, out VerilatedDesign? loaded))
        {
            return loaded;
        }

        if (!File.Exists(fullPath))
        {
            throw new DllNotFoundException($"the design library {fullPath} does not exist.");
        }

        BridgeLibrary.EnsureLoaded(Path.GetDirectoryName(fullPath));
        nint design = Shim.vb_open_design(fullPath);
        if (design == nint.Zero)
        {
            throw new DllNotFoundException(Shim.LastError());
        }

        return s_loaded.GetOrAdd(fullPath, new VerilatedDesign(fullPath, design));
    }

    /// <summary>Looks a port up by its Verilog name.</summary>
    public bool TryGetPort(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PortInfo? port) =>
        _portsByName.TryGetValue(name, out port);

    /// <summary>
    /// A new model instance with its own simulation context, evaluated once with every input zero.
    /// <paramref name="instanceName"/> is the root of hierarchical names (<c>%m</c>, trace scopes).
    /// </summary>
    public VerilatedModel CreateModel(string instanceName = "TOP") => new(this, instanceName);

    /// <inheritdoc />
    public override string ToString() => $"{Top} ({LibraryPath})";
}
