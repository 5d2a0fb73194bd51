using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Cosim.Hdl.Interop;
using Shim = global::Interop.VerilatorShim;

namespace Cosim.Hdl;

/// <summary>
/// One instance of a Verilated design: ports by name, a clock, evaluation, tracing. Inputs are written and
/// outputs read in the model's own storage through <see cref="Port"/>; a clock cycle (<see cref="Tick()"/>) is
/// one native call.
/// </summary>
/// <remarks>
/// <para>
/// A model is not thread-safe: drive it from one thread at a time (any thread). <see cref="Dispose"/> runs the
/// RTL's final blocks, closes the trace and frees the model; ports are unusable afterwards.
/// </para>
/// <para>
/// When the RTL stops the simulation (<c>$stop</c>, <c>$fatal</c>, a failed assertion) the call throws
/// <see cref="RtlSimulationException"/> with the cycle and the RTL's message; the host process is never exited
/// or aborted. The model is failed from then on.
/// </para>
/// </remarks>
public sealed partial class VerilatedModel : IDisposable
{
    private static readonly string[] s_clockNames = ["clk", "clock", "aclk", "clk_i", "i_clk", "core_clk"];

    private readonly VerilatedModelHandle _handle;
    private readonly Port[] _ports;
    private readonly Dictionary<string, Port> _portsByName;
    private nint _model;
    private Port? _clock;
    private int _clockIndex = -1;
    private ulong _halfPeriod = 1;

    internal unsafe VerilatedModel(VerilatedDesign design, string instanceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceName);
        Design = design;
        InstanceName = instanceName;
        nint model = Shim.vb_create(design.Native, instanceName);
        if (model == nint.Zero)
        {
            throw new RtlSimulationException(VerilatorStatus.Stopped, design.Top, instanceName, 0, 0, Shim.LastError());
        }

        _handle = new VerilatedModelHandle(model);
        _model = model;
        _ports = new Port[design.Ports.Count];
        _portsByName = new Dictionary<string, Port>(_ports.Length, StringComparer.Ordinal);
        foreach (PortInfo info in design.Ports)
        {
            var port = new Port(this, info, Shim.vb_port_ptr(model, info.Index));
            _ports[info.Index] = port;
            _portsByName[info.Name] = port;
        }

        foreach (string name in s_clockNames)
        {
            if (_portsByName.TryGetValue(name, out Port? clock) && IsClockCapable(clock))
            {
                Clock = clock;
                break;
            }
        }
    }

    /// <summary>The design this model instantiates.</summary>
    public VerilatedDesign Design { get; }

    /// <summary>The instance name (root of <c>%m</c> and of trace scopes).</summary>
    public string InstanceName { get; }

    /// <summary>Every port, in pin order.</summary>
    public IReadOnlyList<Port> Ports => _ports;

    /// <summary>
    /// The clock <see cref="Tick()"/> toggles: by default the 1-bit input named clk, clock, aclk, clk_i, i_clk or
    /// core_clk, when there is one.
    /// </summary>
    public Port? Clock
    {
        get => _clock;
        set
        {
            if (value is not null && (!ReferenceEquals(_portsByName.GetValueOrDefault(value.Name), value) || !IsClockCapable(value)))
            {
                throw new ArgumentException($"{value.Name} is not a 1-bit input of this model; it cannot be the clock.", nameof(value));
            }

            _clock = value;
            _clockIndex = value?.Info.Index ?? -1;
        }
    }

    /// <summary>Rising edges made by <see cref="Tick()"/> since the model was created.</summary>
    public ulong Cycle
    {
        get
        {
            ThrowIfDisposed();
            return Shim.vb_cycle(_model);
        }
    }

    /// <summary>Simulation time (<c>$time</c>) in units of <see cref="TimePrecision"/>.</summary>
    public ulong Time
    {
        get
        {
            ThrowIfDisposed();
            return Shim.vb_time(_model);
        }
    }

    /// <summary>The design's time precision as a power of ten of seconds (-12: one unit is 1 ps).</summary>
    public int TimePrecision
    {
        get
        {
            ThrowIfDisposed();
            return Shim.vb_time_precision(_model);
        }
    }

    /// <summary>Time units per clock phase (half a period) used by <see cref="Tick()"/>; 1 by default.</summary>
    public ulong HalfPeriod
    {
        get => _halfPeriod;
        set
        {
            ArgumentOutOfRangeException.ThrowIfZero(value);
            ThrowIfDisposed();
            Shim.vb_set_half_period(_model, value);
            _halfPeriod = value;
        }
    }

    /// <summary>True once the RTL executed <c>$finish</c>.</summary>
    public bool Finished
    {
        get
        {
            ThrowIfDisposed();
            return Shim.vb_finished(_model) != 0;
        }
    }

    /// <summary>True once an evaluation failed (the model then refuses to evaluate).</summary>
    public bool Failed
    {
        get
        {
            ThrowIfDisposed();
            return Shim.vb_failed(_model) != 0;
        }
    }

    /// <summary>True after <see cref="Dispose"/>.</summary>
    public bool IsDisposed => _model == nint.Zero;

    internal nint NativeModel => _model;

    internal int ClockIndex => _clockIndex;

    /// <summary>The port named <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> listing the ports when there is none.</summary>
    public Port this[string name] => _portsByName.TryGetValue(name, out Port? port)
        ? port
        : throw new KeyNotFoundException($"{Design.Top} has no port '{name}'; its ports are: {string.Join(", ", _ports.Select(p => p.Name))}.");

    /// <summary>Opens a design library and creates one model of it.</summary>
    public static VerilatedModel Open(string libraryPath, string instanceName = "TOP") => VerilatedDesign.Load(libraryPath).CreateModel(instanceName);

    /// <summary>Looks a port up by its Verilog name.</summary>
    public bool TryGetPort(string name, [NotNullWhen(true)] out Port? port) => _portsByName.TryGetValue(name, out port);

    /// <summary>Evaluates the model at the current time after inputs changed (no time advance, no trace dump).</summary>
    public void Eval()
    {
        ThrowIfDisposed();
        int status = Shim.vb_eval(_model);
        if (status != 0)
        {
            OnStatus(status);
        }
    }

    /// <summary>Advances time by <paramref name="timeStep"/> units, evaluates, and dumps the trace if it is open.</summary>
    public void Step(ulong timeStep)
    {
        ThrowIfDisposed();
        int status = Shim.vb_step(_model, timeStep);
        if (status != 0)
        {
            OnStatus(status);
        }
    }

    /// <summary>
    /// One clock cycle: half a period later the clock rises and the model is evaluated, half a period after that
    /// it falls and is evaluated again (the trace is dumped after each edge). Outputs registered on the rising
    /// edge are readable afterwards; inputs written before the call are sampled at that edge.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Tick()
    {
        ThrowIfDisposed();
        int status = Shim.vb_tick(_model, _clockIndex, 1);
        if (status != 0)
        {
            OnStatus(status);
        }
    }

    /// <summary>
    /// <paramref name="cycles"/> clock cycles with the inputs unchanged, in one native call. Stops after the cycle
    /// in which the RTL executes <c>$finish</c> (see <see cref="Finished"/>).
    /// </summary>
    public void Tick(ulong cycles)
    {
        ThrowIfDisposed();
        int status = Shim.vb_tick(_model, _clockIndex, cycles);
        if (status != 0)
        {
            OnStatus(status);
        }
    }

    /// <summary>
    /// Holds <paramref name="reset"/> at its active level for <paramref name="cycles"/> clock cycles, then releases
    /// it (inputs other than the reset keep their values).
    /// </summary>
    public void Reset(Port reset, ulong cycles = 2, bool activeHigh = true)
    {
        ArgumentNullException.ThrowIfNull(reset);
        ArgumentOutOfRangeException.ThrowIfZero(cycles);
        reset.Set(activeHigh);
        Tick(cycles);
        reset.Set(!activeHigh);
    }

    /// <summary>Runs final blocks, closes the trace and frees the model. Further calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _model = nint.Zero;
        _handle.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Design.Top} ({InstanceName})";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ThrowIfDisposed()
    {
        if (_model == nint.Zero)
        {
            ThrowDisposed();
        }
    }

    /// <summary>Turns a nonzero shim status into the matching exception (or nothing for <see cref="VerilatorStatus.Finished"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void OnStatus(int status)
    {
        if (status > 0)
        {
            return;
        }

        string message = Shim.LastError();
        switch ((VerilatorStatus)status)
        {
            case VerilatorStatus.InvalidArgument when _clockIndex < 0:
                throw new InvalidOperationException(
                    $"{Design.Top} has no clock to tick: no 1-bit input is named {string.Join(", ", s_clockNames)}; set {nameof(Clock)}.");
            case VerilatorStatus.InvalidArgument:
                throw new ArgumentException(message);
            default:
                throw new RtlSimulationException(
                    (VerilatorStatus)status,
                    Design.Top,
                    InstanceName,
                    Shim.vb_cycle(_model),
                    Shim.vb_time(_model),
                    message);
        }
    }

    private static bool IsClockCapable(Port port) => port.Width == 1 && port.Direction != PortDirection.Output;

    [DoesNotReturn]
    private void ThrowDisposed() => throw new ObjectDisposedException(ToString());
}
