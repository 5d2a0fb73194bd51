using System.Buffers;
using Cosim.Tlp;
using Cosim.Tlp.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cosim.Hdl.TlpStream;

/// <summary>
/// Converts TLPs to and from an RTL's TLP streams (docs/rtl-interface.md), cycle by cycle, with back-pressure
/// both ways. Host TLPs are queued with <see cref="SendRequest"/> and <see cref="SendCompletion"/>; each
/// <see cref="Step"/> is one clock cycle; the RTL's TLPs are decoded, checked and passed to
/// <see cref="Upstream"/>. A TLP that breaks a rule is reported through <see cref="ProtocolError"/> with the cycle
/// and header, and not passed on.
/// </summary>
/// <remarks>
/// <para>Per cycle: drive the bridge's inputs (beats, ready, sideband), evaluate, sample every handshake (the
/// values before the edge), make the clock edge, then act on what moved. A host TLP is delivered when its last
/// beat moved; an RTL TLP when its last beat arrived.</para>
/// <para>Not thread-safe except <see cref="SendRequest"/> and <see cref="SendCompletion"/>, which may be called
/// from any thread (also from inside <see cref="Upstream"/> during a step).</para>
/// <para>The bridge checks the RTL's completions against the host requests it delivered (with tlp-core's
/// <see cref="CompletionTracker"/>: Byte Count, Lower Address, Length, TC, Attr, type), its requests against
/// Bus Master Enable, Max_Payload_Size and Max_Read_Request_Size, and every TLP against the codec's formation
/// rules and the IDs on <c>completer_id</c>.</para>
/// </remarks>
public sealed partial class TlpStreamBridge
{
    /// <summary>Cycles <c>rst</c> is held high by <see cref="ResetRtl"/> unless the options say otherwise.</summary>
    public const int DefaultResetCycles = 4;

    private readonly TlpStreamPorts _ports;
    private readonly HostToDeviceStream _requests;
    private readonly HostToDeviceStream? _completions;
    private readonly DeviceToHostStream _deviceCompletions;
    private readonly DeviceToHostStream? _deviceRequests;
    private readonly TlpStreamBridgeOptions _options;
    private readonly ILogger _logger;
    private readonly CompletionTracker _hostRequests = new();
    private readonly byte[]?[] _hostRequestBuffers = new byte[TlpHeader.MaxTag + 1][];
    private readonly byte[] _wire = new byte[TlpHeader.MaxTlpBytes];
    private readonly byte[] _payload = new byte[TlpHeader.MaxPayloadBytes];
    private readonly OutstandingRequest[] _removed = new OutstandingRequest[16];
    private PcieId _completerId;
    private bool _busMasterEnable;
    private MaxPayloadSize _maxPayloadSize;
    private MaxReadRequestSize _maxReadRequestSize = MaxReadRequestSize.Bytes512;
    private int _resetCyclesLeft;
    private bool _busy;
    private bool _interruptPending;
    private bool _intx;

    /// <summary>Binds the model's ports (throws <see cref="RtlInterfaceException"/> naming a missing or wrong port) and resets the RTL.</summary>
    public TlpStreamBridge(VerilatedModel model, TlpStreamBridgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        _options = options ?? new TlpStreamBridgeOptions();
        _logger = _options.Logger ?? NullLogger.Instance;
        _ports = TlpStreamPorts.Bind(model);
        model.Clock = _ports.Clock;
        _requests = new HostToDeviceStream(TlpChannel.HostToDeviceRequest, _ports.HostToDeviceRequest, _ports.HostToDeviceRequestBar);
        _completions = _ports.HostToDeviceCompletion is { } completions ? new HostToDeviceStream(TlpChannel.HostToDeviceCompletion, completions, null) : null;
        _deviceCompletions = new DeviceToHostStream(TlpChannel.DeviceToHostCompletion, _ports.DeviceToHostCompletion);
        _deviceRequests = _ports.DeviceToHostRequest is { } requests ? new DeviceToHostStream(TlpChannel.DeviceToHostRequest, requests) : null;
        DriveSideband();
        ResetRtl();
        while (_resetCyclesLeft > 0)
        {
            Step();
        }
    }

    /// <summary>The model under the bridge.</summary>
    public VerilatedModel Model { get; }

    /// <summary>The simulation cycle: rising edges since the model was created. Every trace record and error carries it.</summary>
    public ulong Cycle => Model.Cycle;

    /// <summary>Data path width of the <c>h2d_req</c> stream in bits (64, 128, 256, ...).</summary>
    public int DataWidth => _ports.HostToDeviceRequest.Data.Width;

    /// <summary>True when the RTL has the DMA streams (<c>d2h_req</c> and <c>h2d_cpl</c>).</summary>
    public bool HasDma => _deviceRequests is not null && _completions is not null;

    /// <summary>Receives every TLP from the RTL that passed the checks.</summary>
    public ITlpReceiver? Upstream { get; set; }

    /// <summary>Receives every TLP that crosses the bridge, with its cycle.</summary>
    public RtlTlpTraceHandler? Traced { get; set; }

    /// <summary>Receives every rule the RTL broke (the TLP concerned was dropped).</summary>
    public Action<RtlProtocolError>? ProtocolError { get; set; }

    /// <summary>Receives each interrupt vector the RTL requested on <c>irq_req_*</c>.</summary>
    public Action<int>? InterruptRequested { get; set; }

    /// <summary>Receives the new level each time <c>irq_intx</c> changes.</summary>
    public Action<bool>? IntxChanged { get; set; }

    /// <summary>The function's ID, driven on <c>completer_id</c>; the RTL's completions and requests must carry it.</summary>
    public PcieId CompleterId
    {
        get => _completerId;
        set
        {
            _completerId = value;
            DriveSideband();
        }
    }

    /// <summary>Bus Master Enable, driven on <c>cfg_bus_master_enable</c>; the RTL's requests are refused while it is clear.</summary>
    public bool BusMasterEnable
    {
        get => _busMasterEnable;
        set
        {
            _busMasterEnable = value;
            DriveSideband();
        }
    }

    /// <summary>Max_Payload_Size, driven on <c>cfg_max_payload_size</c> (its encoding); larger RTL payloads are refused.</summary>
    public MaxPayloadSize MaxPayloadSize
    {
        get => _maxPayloadSize;
        set
        {
            _maxPayloadSize = value;
            DriveSideband();
        }
    }

    /// <summary>Max_Read_Request_Size, driven on <c>cfg_max_read_request_size</c>; larger RTL reads are refused.</summary>
    public MaxReadRequestSize MaxReadRequestSize
    {
        get => _maxReadRequestSize;
        set
        {
            _maxReadRequestSize = value;
            DriveSideband();
        }
    }

    /// <summary>The RTL's <c>busy</c> output after the last cycle (false when it has none).</summary>
    public bool RtlBusy => _busy;

    /// <summary>The RTL's <c>irq_intx</c> level after the last cycle.</summary>
    public bool IntxLevel => _intx;

    /// <summary>Host requests delivered to the RTL that still wait for their completion.</summary>
    public int OutstandingHostRequests => _hostRequests.Count;

    /// <summary>
    /// True when nothing is in flight: no queued or partly sent host TLP, no partly received RTL TLP, no host
    /// request waiting for its completion, no interrupt request pending, <c>busy</c> low and no reset running.
    /// </summary>
    public bool IsIdle => _requests.IsEmpty && (_completions?.IsEmpty ?? true)
        && !_deviceCompletions.InPacket && !(_deviceRequests?.InPacket ?? false)
        && _hostRequests.Count == 0 && !_busy && !_interruptPending && _resetCyclesLeft == 0;

    /// <summary>
    /// Queues a host request for the RTL's <c>h2d_req</c> stream with its BAR on <c>h2d_req_bar</c>. A non-posted
    /// request is remembered until its completion: the RTL's completion is checked against it. Thread-safe.
    /// </summary>
    public void SendRequest(in TlpHeader header, ReadOnlySpan<byte> payload, int bar)
    {
        if (header.IsCompletion)
        {
            throw new ArgumentException($"{header.Kind} is a completion; use {nameof(SendCompletion)}.", nameof(header));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(bar);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bar, (1 << TlpStreamPorts.BarIndexBits) - 1);
        if (header.IsNonPosted)
        {
            Track(header);
        }

        _requests.Enqueue(header, payload, bar);
    }

    /// <summary>Queues a host completion (for one of the RTL's reads) for the <c>h2d_cpl</c> stream. Thread-safe.</summary>
    public void SendCompletion(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (!header.IsCompletion)
        {
            throw new ArgumentException($"{header.Kind} is not a completion; use {nameof(SendRequest)}.", nameof(header));
        }

        if (_completions is null)
        {
            throw new InvalidOperationException($"{Model.Design.Top} has no h2d_cpl stream: it makes no DMA reads to complete.");
        }

        _completions.Enqueue(header, payload, 0);
    }

    /// <summary>
    /// Holds <c>rst</c> high for <see cref="TlpStreamBridgeOptions.ResetCycles"/> cycles from the next step, drops
    /// every queued and partial TLP and forgets the outstanding host requests (a conventional reset or FLR).
    /// </summary>
    public void ResetRtl()
    {
        _requests.Clear();
        _completions?.Clear();
        _deviceCompletions.Clear();
        _deviceRequests?.Clear();
        ForgetHostRequests();
        _interruptPending = false;
        _resetCyclesLeft = Math.Max(1, _options.ResetCycles);
    }

    /// <summary>
    /// Drops every queued host TLP and gives up on the host requests the RTL owes a completion (the RTL failed);
    /// returns those requests so that the caller can answer them (Completer Abort).
    /// </summary>
    public IReadOnlyList<TlpHeader> AbandonHostRequests()
    {
        _requests.Clear();
        _completions?.Clear();
        var abandoned = new List<TlpHeader>();
        Span<OutstandingRequest> removed = _removed;
        int count;
        while ((count = _hostRequests.RemoveAll(removed)) > 0)
        {
            foreach (OutstandingRequest request in removed[..count])
            {
                ReturnBuffer(request.Tag);
                abandoned.Add(request.Request);
            }
        }

        return abandoned;
    }

    /// <summary>One clock cycle. An RTL <c>$fatal</c> or failed assertion throws <see cref="RtlSimulationException"/>.</summary>
    public void Step()
    {
        ulong cycle = Model.Cycle;
        bool resetting = _resetCyclesLeft > 0;
        _ports.Reset.Set(resetting);

        // 1. The bridge's inputs for this cycle.
        _requests.Drive(!resetting && Allowed(cycle, TlpChannel.HostToDeviceRequest));
        _completions?.Drive(!resetting && Allowed(cycle, TlpChannel.HostToDeviceCompletion));
        _deviceCompletions.DriveReady(!resetting && Allowed(cycle, TlpChannel.DeviceToHostCompletion));
        _deviceRequests?.DriveReady(!resetting && Allowed(cycle, TlpChannel.DeviceToHostRequest));
        _ports.InterruptReady?.Set(!resetting && Allowed(cycle, TlpChannel.Bridge));

        // 2. Settle combinational paths (ready may follow valid), then 3. sample every handshake before the edge.
        Model.Eval();
        bool requestMoved = !resetting && _requests.Fires();
        bool completionMoved = !resetting && (_completions?.Fires() ?? false);
        DeviceToHostStream.Outcome fromCompletions = resetting ? DeviceToHostStream.Outcome.None : _deviceCompletions.Sample();
        DeviceToHostStream.Outcome fromRequests = resetting || _deviceRequests is null ? DeviceToHostStream.Outcome.None : _deviceRequests.Sample();
        bool interrupt = !resetting && _ports.InterruptValid is { } valid && valid.IsHigh && _ports.InterruptReady!.IsHigh;
        int vector = interrupt ? (int)_ports.InterruptVector!.Value : 0;

        // 4. The clock edge.
        Model.Tick();

        // 5. What moved at the edge.
        if (resetting)
        {
            _resetCyclesLeft--;
        }

        if (requestMoved)
        {
            Delivered(_requests);
        }

        if (completionMoved)
        {
            Delivered(_completions!);
        }

        Received(_deviceCompletions, fromCompletions);
        if (_deviceRequests is not null)
        {
            Received(_deviceRequests, fromRequests);
        }

        if (interrupt)
        {
            InterruptRequested?.Invoke(vector);
        }

        _busy = _ports.Busy?.IsHigh ?? false;
        _interruptPending = _ports.InterruptValid?.IsHigh ?? false;
        bool intx = _ports.Intx?.IsHigh ?? false;
        if (intx != _intx)
        {
            _intx = intx;
            IntxChanged?.Invoke(intx);
        }
    }

    /// <summary>Steps until <see cref="IsIdle"/> or <paramref name="maxCycles"/> cycles; returns the cycles run.</summary>
    public ulong RunUntilIdle(ulong maxCycles)
    {
        ulong cycles = 0;
        while (cycles < maxCycles && !IsIdle)
        {
            Step();
            cycles++;
        }

        return cycles;
    }

    /// <summary>
    /// Gives up on host requests the RTL has not completed within <paramref name="timeoutCycles"/> (Completion
    /// Timeout, PCIe Base 6.0 §2.8); returns how many. Each is reported once.
    /// </summary>
    public int ExpireHostRequests(ulong timeoutCycles)
    {
        Span<OutstandingRequest> expired = _removed;
        int total = 0;
        int count;
        while ((count = _hostRequests.RemoveTimedOut((long)Model.Cycle, (long)timeoutCycles, expired)) > 0)
        {
            foreach (OutstandingRequest request in expired[..count])
            {
                ReturnBuffer(request.Tag);
                Report(TlpChannel.DeviceToHostCompletion, RtlProtocolErrorKind.CompletionMismatch, $"no completion within {timeoutCycles} cycles (Completion Timeout)", request.Request, [], null, null);
            }

            total += count;
        }

        return total;
    }

    private bool Allowed(ulong cycle, TlpChannel channel) => _options.Throttle?.Invoke(cycle, channel) ?? true;

    private void DriveSideband()
    {
        _ports.CompleterId?.Value = _completerId.Value;
        _ports.BusMasterEnable?.Set(_busMasterEnable);
        _ports.MaxPayloadSize?.Value = (ulong)_maxPayloadSize;
        _ports.MaxReadRequestSize?.Value = (ulong)_maxReadRequestSize;
    }

    private void Delivered(HostToDeviceStream stream)
    {
        if (!stream.Advance(out TlpHeader header, out _, out uint[]? dwords, out int count))
        {
            return;
        }

        if (Traced is { } traced)
        {
            int headerDwords = header.HeaderSize / sizeof(uint);
            Span<byte> payload = _payload.AsSpan(0, (count - headerDwords) * sizeof(uint));
            for (int i = headerDwords; i < count; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(payload[((i - headerDwords) * sizeof(uint))..], dwords![i]);
            }

            traced(new RtlTlpRecord(Model.Cycle, stream.Channel, ToHost: false, header), payload);
        }

        ArrayPool<uint>.Shared.Return(dwords!);
    }
}
