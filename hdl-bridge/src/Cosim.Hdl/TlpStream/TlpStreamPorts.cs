namespace Cosim.Hdl.TlpStream;

/// <summary>
/// Finds the TLP-stream interface's ports on a model by their documented names and checks direction and width
/// (docs/rtl-interface.md). Required: <c>clk</c>, <c>rst</c>, the <c>h2d_req</c> and <c>d2h_cpl</c> streams.
/// Optional, each as a whole: the <c>h2d_cpl</c> and <c>d2h_req</c> streams (DMA), <c>completer_id</c>, the
/// <c>cfg_*</c> inputs, the <c>irq_req_*</c> handshake, <c>irq_intx</c> and <c>busy</c>.
/// </summary>
internal sealed class TlpStreamPorts
{
    internal const int MinimumDataWidth = 64;
    internal const int LaneBits = 32;
    internal const int BarIndexBits = 3;
    internal const int IdBits = 16;
    internal const int SizeEncodingBits = 3;
    internal const int MaxVectorBits = 11;

    internal required Port Clock { get; init; }

    internal required Port Reset { get; init; }

    internal required StreamPorts HostToDeviceRequest { get; init; }

    internal required Port HostToDeviceRequestBar { get; init; }

    internal StreamPorts? HostToDeviceCompletion { get; init; }

    internal required StreamPorts DeviceToHostCompletion { get; init; }

    internal StreamPorts? DeviceToHostRequest { get; init; }

    internal Port? CompleterId { get; init; }

    internal Port? BusMasterEnable { get; init; }

    internal Port? MaxPayloadSize { get; init; }

    internal Port? MaxReadRequestSize { get; init; }

    internal Port? InterruptValid { get; init; }

    internal Port? InterruptReady { get; init; }

    internal Port? InterruptVector { get; init; }

    internal Port? Intx { get; init; }

    internal Port? Busy { get; init; }

    internal static TlpStreamPorts Bind(VerilatedModel model)
    {
        var binder = new Binder(model);
        Port? irqValid = binder.Optional("irq_req_valid", PortDirection.Output, 1);
        Port? irqReady = binder.Optional("irq_req_ready", PortDirection.Input, 1);
        Port? irqVector = binder.Optional("irq_req_vector", PortDirection.Output, null);
        if ((irqValid is null) != (irqReady is null) || (irqValid is null) != (irqVector is null))
        {
            throw new RtlInterfaceException(model.Design.Top, "irq_req_*", "irq_req_valid, irq_req_ready and irq_req_vector come together: declare all three or none.");
        }

        if (irqVector is not null && irqVector.Width > MaxVectorBits)
        {
            throw new RtlInterfaceException(model.Design.Top, irqVector.Name, $"is {irqVector.Width} bits; an MSI-X vector needs at most {MaxVectorBits}.");
        }

        return new TlpStreamPorts
        {
            Clock = binder.Required("clk", PortDirection.Input, 1),
            Reset = binder.Required("rst", PortDirection.Input, 1),
            HostToDeviceRequest = binder.Stream("h2d_req", fromHost: true, required: true)!,
            HostToDeviceRequestBar = binder.Required("h2d_req_bar", PortDirection.Input, BarIndexBits),
            HostToDeviceCompletion = binder.Stream("h2d_cpl", fromHost: true, required: false),
            DeviceToHostCompletion = binder.Stream("d2h_cpl", fromHost: false, required: true)!,
            DeviceToHostRequest = binder.Stream("d2h_req", fromHost: false, required: false),
            CompleterId = binder.Optional("completer_id", PortDirection.Input, IdBits),
            BusMasterEnable = binder.Optional("cfg_bus_master_enable", PortDirection.Input, 1),
            MaxPayloadSize = binder.Optional("cfg_max_payload_size", PortDirection.Input, SizeEncodingBits),
            MaxReadRequestSize = binder.Optional("cfg_max_read_request_size", PortDirection.Input, SizeEncodingBits),
            InterruptValid = irqValid,
            InterruptReady = irqReady,
            InterruptVector = irqVector,
            Intx = binder.Optional("irq_intx", PortDirection.Output, 1),
            Busy = binder.Optional("busy", PortDirection.Output, 1),
        };
    }

    /// <summary>Looks ports up by name and checks them, naming the port in every error.</summary>
    private sealed class Binder(VerilatedModel model)
    {
        private readonly VerilatedModel _model = model;

        internal StreamPorts? Stream(string prefix, bool fromHost, bool required)
        {
            bool any = _model.Ports.Any(p => p.Name.StartsWith(prefix + "_", StringComparison.Ordinal));
            if (!any && !required)
            {
                return null;
            }

            PortDirection driven = fromHost ? PortDirection.Input : PortDirection.Output;
            PortDirection back = fromHost ? PortDirection.Output : PortDirection.Input;
            Port data = Required(prefix + "_data", driven, null);
            if (data.Width < MinimumDataWidth || data.Width % LaneBits != 0)
            {
                throw new RtlInterfaceException(_model.Design.Top, data.Name, $"is {data.Width} bits; the data path is a multiple of {LaneBits} bits, at least {MinimumDataWidth}.");
            }

            return new StreamPorts(
                Required(prefix + "_valid", driven, 1),
                Required(prefix + "_ready", back, 1),
                data,
                Required(prefix + "_keep", driven, data.Width / LaneBits),
                Required(prefix + "_sop", driven, 1),
                Required(prefix + "_eop", driven, 1));
        }

        internal Port Required(string name, PortDirection direction, int? width) =>
            Optional(name, direction, width) ?? throw new RtlInterfaceException(_model.Design.Top, name, $"is missing: expected {Describe(direction, width)}.");

        internal Port? Optional(string name, PortDirection direction, int? width)
        {
            if (!_model.TryGetPort(name, out Port? port))
            {
                return null;
            }

            if (port.Direction != direction || (width is { } bits && port.Width != bits))
            {
                throw new RtlInterfaceException(_model.Design.Top, name, $"is {port.Direction.ToString().ToLowerInvariant()} [{port.Width - 1}:0]; expected {Describe(direction, width)}.");
            }

            return port;
        }

        private static string Describe(PortDirection direction, int? width) =>
            width is { } bits ? $"{direction.ToString().ToLowerInvariant()} [{bits - 1}:0]" : direction.ToString().ToLowerInvariant();
    }
}

/// <summary>One stream's ports: valid/ready handshake, data in 32-bit lanes, per-lane keep, start and end of packet.</summary>
internal sealed record StreamPorts(Port Valid, Port Ready, Port Data, Port Keep, Port StartOfPacket, Port EndOfPacket)
{
    /// <summary>32-bit lanes per beat.</summary>
    public int Lanes => Data.Width / TlpStreamPorts.LaneBits;
}
