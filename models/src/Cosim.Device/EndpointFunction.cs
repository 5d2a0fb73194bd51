using Cosim.Device.Dma;
using Cosim.Device.Interrupts;
using Cosim.Device.Registers;
using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cosim.Device;

/// <summary>
/// The base of every behavioral device model: a type-0 PCIe function. The model's constructor declares identity,
/// BARs (each a <see cref="RegisterMap"/>) and capabilities, then its registers; this class answers every TLP:
/// configuration requests from the <see cref="ConfigSpace"/>, memory and I/O requests from the BAR register maps,
/// completions to the <see cref="Dma"/> engine. A model never sees a transport.
/// </summary>
/// <remarks>
/// TLPs are handled one at a time (a lock serialises them), so register callbacks run without racing each other.
/// Callbacks must not block: work that waits for DMA runs as a task the callback starts.
/// </remarks>
public abstract partial class EndpointFunction : IPcieFunction
{
    private readonly object _gate = new();
    private readonly List<BarDefinition> _bars = [];
    private readonly List<Capability> _capabilities = [];
    private readonly RegisterMap?[] _barMaps = new RegisterMap?[BarDefinition.Count];
    private readonly HashSet<string> _loggedOnce = [];
    private ConfigSpace? _configSpace;
    private ITlpReceiver? _upstream;
    private PcieId _id;

    /// <summary>Declares the function's identity; the derived constructor declares BARs, capabilities and registers.</summary>
    protected EndpointFunction(FunctionIdentity identity, ILogger? logger = null)
    {
        Identity = identity;
        Logger = logger ?? NullLogger.Instance;
        Dma = new DmaEngine(this);
        Interrupts = new InterruptController(this);
    }

    /// <summary>Vendor, device, class, revision, subsystem and interrupt pin.</summary>
    public FunctionIdentity Identity { get; }

    /// <summary>The configuration space, built from the declarations when the function is first attached or used.</summary>
    public ConfigSpace ConfigSpace => _configSpace ??= BuildConfigSpace();

    /// <summary>
    /// The function's Routing ID. A function captures its Bus and Device Numbers from every CfgWr0 it receives
    /// (PCIe Base 6.0 §2.2.6.2), and uses them as Requester ID and Completer ID.
    /// </summary>
    public PcieId Id => _id;

    /// <summary>DMA to and from host memory: MemRd/MemWr TLPs with tags, split by MRRS, MPS and 4 KiB.</summary>
    protected DmaEngine Dma { get; }

    /// <summary>INTx, MSI and MSI-X, honouring enable, mask and pending bits.</summary>
    protected InterruptController Interrupts { get; }

    /// <summary>The model's logger.</summary>
    protected ILogger Logger { get; }

    internal ITlpReceiver Upstream => _upstream ?? throw new InvalidOperationException($"{GetType().Name} is not attached to a link.");

    /// <summary>The lock that serialises TLP handling; hold it when a model task touches register state.</summary>
    protected internal object Gate => _gate;

    internal ILogger LoggerForEngines => Logger;

    /// <inheritdoc />
    public void Attach(ITlpReceiver upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        _ = ConfigSpace;
        _upstream = upstream;
    }

    /// <inheritdoc />
    public void Reset()
    {
        lock (_gate)
        {
            Dma.FailOutstanding();
            ConfigSpace.Reset();
            foreach (RegisterMap? map in _barMaps)
            {
                map?.Reset();
            }

            Interrupts.Reset();
            OnReset();
        }
    }

    /// <inheritdoc />
    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.IsCompletion)
        {
            // Completions are matched outside the gate: a DMA read may be awaited by a callback's task.
            Dma.OnCompletion(header, payload);
            return;
        }

        lock (_gate)
        {
            if (header.IsConfigRequest)
            {
                if (header.Kind == TlpKind.ConfigWrite0)
                {
                    _id = PcieId.From(header.DestinationId.Bus, header.DestinationId.Device, _id.Function);
                }

                ConfigSpace.HandleRequest(header, payload, _id, Upstream);
                return;
            }

            if (header.IsMemoryRequest || header.IsIoRequest)
            {
                HandleBarRequest(header, payload);
                return;
            }

            if (header.IsNonPosted)
            {
                LogOnce("unsupported-" + header.Kind, header);
                Upstream.Receive(TlpHeader.UnsupportedRequestFor(header, _id), []);
                return;
            }

            if (Logger.IsEnabled(LogLevel.Debug))
            {
                DeviceLog.MessageIgnored(Logger, header.ToString());
            }
        }
    }

    /// <summary>Declares a memory BAR and returns its register map (declare registers on it).</summary>
    protected RegisterMap AddMemoryBar(int index, ulong size, bool is64Bit = false, bool prefetchable = false, string? name = null)
    {
        BarDefinition bar = is64Bit ? BarDefinition.Memory64(index, size, prefetchable) : BarDefinition.Memory32(index, size, prefetchable);
        return AddBar(bar, name);
    }

    /// <summary>Declares an I/O BAR and returns its register map.</summary>
    protected RegisterMap AddIoBar(int index, ulong size, string? name = null) => AddBar(BarDefinition.Io(index, size), name);

    /// <summary>
    /// Declares a capability. For MSI-X, the table and the PBA become memory areas of the BAR they are placed in
    /// (declare that BAR first).
    /// </summary>
    protected void AddCapability(Capability capability)
    {
        if (_configSpace is not null)
        {
            throw new InvalidOperationException($"{GetType().Name}: capabilities are declared in the constructor, before the function is used.");
        }

        _capabilities.Add(capability);
        if (capability is MsixCapability msix)
        {
            Interrupts.MsiX.DeclareTable(msix, BarMap(msix.TableBar, "MSI-X table"), BarMap(msix.PbaBar, "MSI-X PBA"));
        }
    }

    /// <summary>The register map of BAR <paramref name="index"/>, or null when it is not declared.</summary>
    protected RegisterMap? GetBarMap(int index) => _barMaps[index];

    /// <summary>Called on a conventional reset after configuration space and registers are back at power-on values.</summary>
    protected virtual void OnReset()
    {
    }

    /// <summary>Called after a configuration write changed <paramref name="change"/> (command, BARs, MSI, MSI-X, FLR).</summary>
    protected virtual void OnConfigChanged(ConfigChange change)
    {
    }

    /// <summary>Logs a guest or driver mistake once per <paramref name="key"/>, with the TLP that made it.</summary>
    protected void LogOnce(string key, in TlpHeader header)
    {
        if (IsFirstTime(key))
        {
            DeviceLog.RequestRefused(Logger, GetType().Name, key, header.ToString());
        }
    }

    private bool IsFirstTime(string key)
    {
        lock (_loggedOnce)
        {
            return _loggedOnce.Add(key);
        }
    }

    private RegisterMap AddBar(BarDefinition bar, string? name)
    {
        if (_configSpace is not null)
        {
            throw new InvalidOperationException($"{GetType().Name}: BARs are declared in the constructor, before the function is used.");
        }

        var map = new RegisterMap(name ?? $"BAR{bar.Index}", bar.Size, Logger);
        _bars.Add(bar);
        _barMaps[bar.Index] = map;
        return map;
    }

    private RegisterMap BarMap(int index, string what) =>
        _barMaps[index] ?? throw new ArgumentException($"{GetType().Name}: the {what} is placed in BAR{index}, which is not declared; declare the BAR first.");

    private ConfigSpace BuildConfigSpace()
    {
        var space = new ConfigSpace(Identity, _bars, _capabilities);
        space.Changed += change =>
        {
            if (change == ConfigChange.FunctionLevelReset)
            {
                Dma.FailOutstanding();
                foreach (RegisterMap? map in _barMaps)
                {
                    map?.Reset();
                }

                Interrupts.Reset();
                OnReset();
            }

            Interrupts.OnConfigChanged(change);
            OnConfigChanged(change);
        };
        return space;
    }
}
