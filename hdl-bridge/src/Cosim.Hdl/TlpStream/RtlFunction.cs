using Cosim.Hdl.Toolchain;
using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cosim.Hdl.TlpStream;

/// <summary>
/// A PCIe function whose device logic is RTL: the bridge plays the hard IP. It owns the configuration space
/// (declared in the JSON beside the RTL), decodes BARs, keeps the MSI-X table, turns the RTL's interrupt requests
/// into MSI/MSI-X writes and INTx messages, and moves memory and I/O requests and completions over the TLP streams
/// (<see cref="TlpStreamBridge"/>).
/// </summary>
/// <remarks>
/// <para>The clock runs on demand: a TLP for the RTL starts it on the calling thread, and it runs until the bridge is
/// idle (nothing queued or in flight, no host request waiting for the RTL's completion, <c>busy</c> low) for
/// <see cref="RtlFunctionOptions.IdleCycles"/> cycles, at most <see cref="RtlFunctionOptions.MaxCyclesPerRun"/>
/// cycles at a time. An RTL with work of its own (timers, DMA engines) keeps <c>busy</c> high. Completions for
/// the host are therefore usually delivered from inside <see cref="Receive"/>.</para>
/// <para>When the RTL stops the simulation (<c>$fatal</c>, failed assertion), every outstanding and later request
/// gets a Completer Abort; a reset (<see cref="Reset"/> or FLR) starts a fresh model of the design.</para>
/// </remarks>
public sealed partial class RtlFunction : IPcieFunction, ISimulationClock, IDisposable
{
    private readonly VerilatedDesign _design;
    private readonly RtlFunctionOptions _options;
    private readonly ILogger _logger;
    private readonly ConfigSpace _config;
    private readonly MsixTable? _msix;
    private readonly Outbox _outbox = new();
    private readonly Lock _simulationGate = new();
    private readonly Lock _functionGate = new();
    private readonly Lock _runGate = new();
    private readonly Lock _flushGate = new();
    private readonly HashSet<string> _loggedOnce = new(StringComparer.Ordinal);
    private readonly TracingReceiver _configCompletions;
    private TlpStreamBridge _bridge;
    private VerilatedModel _model;
    private ITlpReceiver? _upstream;
    private PcieId _id;
    private bool _running;
    private bool _sidebandDirty = true;
    private bool _failed;
    private bool _disposed;
    private bool _resetRequested;
    private ulong _cycle;

    /// <summary>
    /// A function backed by a new model of <paramref name="design"/>, with the configuration space of
    /// <paramref name="description"/>. Throws <see cref="RtlInterfaceException"/> when the RTL's ports do not make
    /// the interface.
    /// </summary>
    public RtlFunction(VerilatedDesign design, RtlDeviceDescription description, RtlFunctionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(description);
        _design = design;
        Description = description;
        _options = options ?? new RtlFunctionOptions();
        _logger = _options.Logger ?? NullLogger.Instance;
        _config = description.CreateConfigSpace();
        _config.Changed += OnConfigChanged;
        _msix = _config.MsiX is { } msix ? new MsixTable(msix) : null;
        _configCompletions = new TracingReceiver(this);
        _dmaCompletionTimeout = _options.DmaCompletionTimeout;
        (_model, _bridge) = CreateModel();
    }

    /// <summary>The description the function was made from.</summary>
    public RtlDeviceDescription Description { get; }

    /// <summary>The configuration space the bridge owns for the RTL.</summary>
    public ConfigSpace ConfigSpace => _config;

    /// <summary>The function's Routing ID, captured from every CfgWr0 (PCIe Base 6.0 §2.2.6.2).</summary>
    public PcieId Id => _id;

    /// <summary>The bridge to the RTL (replaced when a reset recreates a failed model).</summary>
    public TlpStreamBridge Bridge => _bridge;

    /// <summary>
    /// The simulation cycle of the current model as of the last clock step (also the waveform's cycle). Safe to
    /// read from any thread, also while the clock runs; a trace stamps each TLP with it (<see cref="ISimulationClock"/>).
    /// </summary>
    public ulong Cycle => Volatile.Read(ref _cycle);

    /// <summary>True after the RTL stopped the simulation, until a reset.</summary>
    public bool Failed => _failed;

    /// <summary>Receives every TLP that crosses the function (streams and bridge-made), with its cycle.</summary>
    public RtlTlpTraceHandler? Traced { get; set; }

    /// <summary>Receives every rule the RTL broke (the TLP concerned was not passed on).</summary>
    public Action<RtlProtocolError>? ProtocolError { get; set; }

    /// <summary>
    /// Builds the RTL named in the description at <paramref name="descriptionPath"/> (through
    /// <paramref name="builder"/>, the default one when null) and creates the function.
    /// </summary>
    public static async Task<RtlFunction> CreateAsync(
        string descriptionPath, RtlBuilder? builder = null, RtlFunctionOptions? options = null, CancellationToken cancellationToken = default)
    {
        RtlDeviceDescription description = RtlDeviceDescription.Load(descriptionPath);
        RtlBuildResult build = await (builder ?? new RtlBuilder()).BuildAsync(description.Design, cancellationToken).ConfigureAwait(false);
        return new RtlFunction(VerilatedDesign.Load(build.LibraryPath), description, options);
    }

    /// <inheritdoc />
    public void Attach(ITlpReceiver upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        _upstream = upstream;
    }

    /// <inheritdoc />
    public void Reset()
    {
        lock (_functionGate)
        {
            _config.Reset();
            ResetFunctionState();
        }

        ResetRtl();
        RunClock(0);
    }

    /// <inheritdoc />
    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.IsCompletion)
        {
            ReceiveCompletion(header, payload);
        }
        else if (header.IsConfigRequest)
        {
            ReceiveConfigRequest(header, payload);
        }
        else if (header.IsMemoryRequest || header.IsIoRequest || header.IsAtomic)
        {
            ReceiveBarRequest(header, payload);
        }
        else if (header.IsNonPosted)
        {
            Refuse(header, "unsupported request kind", CompletionStatus.UnsupportedRequest);
        }

        Flush();
    }

    /// <summary>Runs the clock for <paramref name="cycles"/> cycles (and on until idle if work is pending), for RTL that acts on its own.</summary>
    public void Run(ulong cycles) => RunClock(cycles);

    /// <summary>Stops the clock and frees the model (final blocks run, the trace closes).</summary>
    public void Dispose()
    {
        StopDmaReadTimer();
        lock (_simulationGate)
        {
            _disposed = true;
            _model.Dispose();
        }
    }

    private (VerilatedModel Model, TlpStreamBridge Bridge) CreateModel()
    {
        VerilatedModel model = _design.CreateModel();
        model.EchoOutput = _options.EchoRtlOutput;
        model.HalfPeriod = Description.HalfPeriod;
        if (_options.TracePath is { } trace)
        {
            model.OpenTrace(trace);
        }

        try
        {
            var bridge = new TlpStreamBridge(model, _options.Bridge with { Logger = _options.Bridge.Logger ?? _options.Logger })
            {
                Upstream = new RtlRequestTracker(this),
                InterruptRequested = OnInterruptRequested,
                IntxChanged = OnIntxChanged,
            };
            bridge.ProtocolError = error => ProtocolError?.Invoke(error);
            bridge.Traced = (in RtlTlpRecord record, ReadOnlySpan<byte> payload) => Traced?.Invoke(record, payload);
            return (model, bridge);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private void ReceiveCompletion(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        OnHostCompletion(header);
        DeliverCompletion(header, payload);
    }

    /// <summary>Queues a completion for the RTL's <c>h2d_cpl</c> stream and runs the clock.</summary>
    private void DeliverCompletion(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        bool start;
        lock (_runGate)
        {
            if (_failed || !_bridge.HasDma)
            {
                LogOnce("completion-dropped", _failed ? "the RTL failed" : "the RTL has no DMA streams", header);
                return;
            }

            _bridge.SendCompletion(header, payload);
            start = TryStartClock();
        }

        if (start)
        {
            ClockLoop(0);
        }
    }

    private void ReceiveConfigRequest(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        lock (_functionGate)
        {
            if (header.Kind == TlpKind.ConfigWrite0)
            {
                _id = PcieId.From(header.DestinationId.Bus, header.DestinationId.Device, _id.Function);
                _sidebandDirty = true;
            }

            Trace(TlpChannel.Bridge, toHost: false, header, payload);
            _config.HandleRequest(header, payload, _id, _configCompletions);
        }

        if (_sidebandDirty)
        {
            RunClock(0);
        }
    }

    private void ReceiveBarRequest(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        bool isIo = header.IsIoRequest;
        int bar;
        ulong offset;
        lock (_functionGate)
        {
            if (!_config.TryDecodeBar(header.Address, isIo, out bar, out offset))
            {
                Refuse(header, "no enabled BAR decodes the address", CompletionStatus.UnsupportedRequest);
                return;
            }

            if (_msix is not null && !isIo && _msix.Locate(bar, offset, header.Length * sizeof(uint), out int start) is var region and not MsixTable.Region.None)
            {
                Trace(TlpChannel.Bridge, toHost: false, header, payload);
                AccessMsixTable(header, payload, region, start);
                return;
            }
        }

        bool started;
        lock (_runGate)
        {
            if (_failed)
            {
                Refuse(header, "the RTL failed", CompletionStatus.CompleterAbort);
                return;
            }

            _bridge.SendRequest(header, payload, bar);
            started = TryStartClock();
        }

        if (started)
        {
            ClockLoop(0);
        }
    }

    /// <summary>Answers a request the RTL never sees: UR or CA for a non-posted one, nothing for a posted one; logged once per reason.</summary>
    private void Refuse(in TlpHeader header, string reason, CompletionStatus status)
    {
        LogOnce(reason, reason, header);
        if (header.IsNonPosted)
        {
            SendToHost(TlpHeader.CompletionWithoutDataFor(header, _id, status), []);
        }
    }

    private void ResetRtl()
    {
        lock (_simulationGate)
        {
            if (_failed && !_disposed)
            {
                _model.Dispose();
                (_model, _bridge) = CreateModel();
                Volatile.Write(ref _cycle, _bridge.Cycle);
                _failed = false;
            }
            else
            {
                _bridge.ResetRtl();
            }

            _sidebandDirty = true;
        }
    }

    private void ResetFunctionState()
    {
        ForgetDmaReads();
        _msix?.Reset();
        _intxLevel = false;
        _intxSent = false;
        _config.InterruptStatus = false;
    }

    private void OnConfigChanged(ConfigChange change)
    {
        // Called under _functionGate, from a configuration write.
        HdlLog.StateChanged(_logger, _design.Top, change.ToString());
        _sidebandDirty = true;
        switch (change)
        {
            case ConfigChange.FunctionLevelReset:
                ResetFunctionState();
                lock (_runGate)
                {
                    _resetRequested = true;
                }

                break;
            case ConfigChange.Command or ConfigChange.MsiControl or ConfigChange.MsixControl:
                UpdateIntx();
                DeliverPendingMsix();
                break;
            default:
                break;
        }
    }

    private void LogOnce(string key, string reason, in TlpHeader header)
    {
        bool first;
        lock (_loggedOnce)
        {
            first = _loggedOnce.Add(key);
        }

        if (first)
        {
            HdlLog.RequestRefused(_logger, _design.Top, reason, header.ToString());
        }
    }

    private void Trace(TlpChannel channel, bool toHost, in TlpHeader header, ReadOnlySpan<byte> payload) =>
        Traced?.Invoke(new RtlTlpRecord(_bridge.Cycle, channel, toHost, header), payload);

    /// <summary>Queues a bridge-made TLP for the host (traced); every entry point flushes before it returns.</summary>
    private void SendToHost(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        Trace(TlpChannel.Bridge, toHost: true, header, payload);
        _outbox.Receive(header, payload);
    }

    private void Flush()
    {
        lock (_flushGate)
        {
            _outbox.Flush(_upstream);
        }
    }

    /// <summary>The configuration space's completions, traced on their way to the outbox.</summary>
    private sealed class TracingReceiver(RtlFunction function) : ITlpReceiver
    {
        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload) => function.SendToHost(header, payload);
    }
}
