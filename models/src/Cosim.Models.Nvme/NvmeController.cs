using System.Buffers;
using System.Numerics;
using Cosim.Device;
using Cosim.Device.Dma;
using Cosim.Device.Registers;
using Cosim.Models.Nvme.Queues;
using Cosim.Models.Nvme.Storage;
using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Microsoft.Extensions.Logging;

namespace Cosim.Models.Nvme;

/// <summary>
/// An NVM Express controller (NVMe Base 1.4) with one namespace backed by a host file, as the stock Linux
/// <c>nvme</c> driver sees it: class 010802h, a 64-bit memory BAR0 of 16 KiB holding the controller registers
/// (0000h), the doorbells (1000h, stride 4), the MSI-X table (2000h) and PBA (3000h); MSI-X with one vector per
/// Completion Queue, MSI and INTx as fallbacks; PCI Express and Power Management capabilities.
/// </summary>
/// <remarks>
/// Register callbacks never wait: a CC write hands enable, reset and shutdown to a lifecycle task; a doorbell write
/// wakes its queue's worker. Every Submission Queue has a worker that fetches entries by DMA and runs the commands
/// (admin one at a time, I/O up to <see cref="ControllerSession.IoCommandsInFlight"/> at once); completions are posted
/// in order per Completion Queue with the Phase Tag, then the queue's interrupt is raised. With Doorbell Buffer Config
/// (shadow doorbells, §5.8) a busy I/O queue reads its tail from host memory and the host rings the MMIO doorbells
/// only when the controller has gone idle, which saves most vfio-user messages under load. A write is acknowledged
/// only after the file holds its data (and after fsync with FUA or the write cache off); a controller reset waits
/// until no command of the old session touches host memory or the file before CSTS.RDY drops.
/// Dispose the controller to close the namespace file.
/// </remarks>
public sealed partial class NvmeController : EndpointFunction, IDisposable, IQueueServices, IHostMemory
{
    /// <summary>PCI Vendor ID (QEMU's test vendor, as the other Cosim models).</summary>
    public const ushort VendorId = 0x1234;

    /// <summary>PCI Device ID.</summary>
    public const ushort DeviceId = 0xC05E;

    /// <summary>Class Code: Mass Storage (01h), Non-Volatile Memory (08h), NVM Express I/O controller (02h).</summary>
    public const uint ClassCode = 0x01_08_02;

    /// <summary>Revision ID.</summary>
    public const byte RevisionId = 1;

    /// <summary>The BAR of the registers, the doorbells and the MSI-X table and PBA.</summary>
    public const int RegisterBar = 0;

    /// <summary>Size of BAR0: registers, doorbells, MSI-X table, PBA, 4 KiB each.</summary>
    public const int RegisterBarSize = 16 * 1024;

    /// <summary>CAP.TO: 30 × 500 ms. A reset waits for commands in flight, whose DMA may take a completion timeout (5 s).</summary>
    public const int ReadyTimeoutUnits = 30;

    private readonly RegisterMap _bar0;
    private readonly NamespaceStore _store;
    private readonly ControllerProfile _profile;
    private readonly HealthCounters _counters = new();
    private readonly HashSet<int> _loggedOnce = [];
    private ControllerSession? _session;
    private Task _lifecycle = Task.CompletedTask;
    private Task _previousSessionDrain = Task.CompletedTask;
    private int _resetGeneration;
    private bool _disposed;

    private NvmeController(NvmeOptions options, NamespaceStore store, ILogger? logger)
        : base(new FunctionIdentity(VendorId, DeviceId, ClassCode, RevisionId, VendorId, DeviceId, InterruptPin.IntA), logger)
    {
        _store = store;
        _profile = new ControllerProfile(options, store.Size);
        _bar0 = AddMemoryBar(RegisterBar, RegisterBarSize, is64Bit: true);
        AddCapability(new PowerManagementCapability());
        AddCapability(new MsiCapability(Math.Min(MsiCapability.MaxVectors, (int)BitOperations.RoundUpToPowerOf2((uint)options.MsixVectors)), is64Bit: true));
        AddCapability(new MsixCapability(options.MsixVectors, RegisterBar, (uint)Registers.MsixTable, RegisterBar, (uint)Registers.MsixPendingBitArray));
        AddCapability(new PciExpressCapability(PciExpressDeviceType.Endpoint));
        DefineRegisters();
    }

    /// <summary>The namespace: NSID 1.</summary>
    public static uint NamespaceId => ControllerProfile.NamespaceId;

    /// <summary>Logical blocks of the namespace (NSZE).</summary>
    public long BlockCount => _profile.BlockCount;

    /// <summary>The lifecycle work queued so far (enable, reset, shutdown); tests await it instead of polling CSTS.</summary>
    internal Task Lifecycle
    {
        get
        {
            lock (Gate)
            {
                return _lifecycle;
            }
        }
    }

    /// <summary>The current session (tests).</summary>
    internal ControllerSession? Session => Volatile.Read(ref _session);

    ILogger IQueueServices.Logger => Logger;

    IHostMemory IQueueServices.Host => this;

    /// <summary>
    /// Validates <paramref name="options"/>, opens (or creates, sparse) the namespace file and builds the controller.
    /// Throws <see cref="ArgumentException"/> naming the option at fault.
    /// </summary>
    public static NvmeController Create(NvmeOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        NamespaceStore store = NamespaceStore.Open(options.NamespacePath, options.NamespaceSize, options.LogicalBlockSize);
        try
        {
            return new NvmeController(options, store, logger);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Stops every queue, waits for commands in flight, syncs and closes the namespace file.</summary>
    public void Dispose()
    {
        ControllerSession? session;
        Task lifecycle;
        lock (Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            session = _session;
            _session = null;
            lifecycle = _lifecycle;
        }

        // A reset or shutdown in progress finishes first (it may still sync the file); then nothing of any session runs.
        lifecycle.Wait();
        Task drain = session?.AbandonAsync() ?? Task.CompletedTask;
        Task.WhenAll(drain, _previousSessionDrain).Wait();
        session?.Dispose();
        _store.FlushToDisk();
        _store.Dispose();
    }

    /// <inheritdoc />
    protected override void OnReset()
    {
        // Conventional reset or FLR: the registers are at their reset values (CC.EN = 0, CSTS.RDY = 0). The session
        // ends now; the next enable waits until its tasks have let go of host memory and the file.
        _resetGeneration++;
        if (_session is { } session)
        {
            _session = null;
            Task drain = session.AbandonAsync();
            _previousSessionDrain = Task.WhenAll(_previousSessionDrain, drain);
            NvmeLog.ControllerReset(Logger, "function reset");
        }
    }

    /// <inheritdoc />
    protected override void OnConfigChanged(ConfigChange change)
    {
        if (change is ConfigChange.MsiControl or ConfigChange.MsixControl or ConfigChange.Command)
        {
            UpdateIntx();
        }
    }

    Task<DmaStatus> IHostMemory.ReadAsync(ulong address, Memory<byte> destination, CancellationToken cancellationToken) =>
        Dma.ReadAsync(address, destination, cancellationToken);

    Task<DmaStatus> IHostMemory.WriteAsync(ulong address, ReadOnlyMemory<byte> source) => Dma.WriteAsync(address, source);

    bool IHostMemory.TryWriteInPlace<TState>(ulong address, int length, TState state, SpanAction<byte, TState> fill) =>
        Dma.TryWriteInPlace(address, length, state, fill);

    void IQueueServices.OnCompletionPosted(CompletionQueue queue) => SignalCompletionQueue(queue);

    void IQueueServices.OnCompletionQueuesChanged() => UpdateIntx();

    void IQueueServices.OnQueueFailed(ushort queueId, string what)
    {
        lock (Gate)
        {
            if (_session is null)
            {
                return; // a session a reset ended: its failures are nobody's concern
            }

            _controllerFatalStatus.Value = true;
        }

        NvmeLog.QueueFailed(Logger, queueId, what);
    }

    private bool LogOnce(int eventId)
    {
        lock (_loggedOnce)
        {
            return _loggedOnce.Add(eventId);
        }
    }

    /// <summary>BAR0 offsets (NVMe Base 1.4 §3.1, Figure 78).</summary>
    private enum Registers : long
    {
        ControllerCapabilities = 0x00,
        Version = 0x08,
        InterruptMaskSet = 0x0C,
        InterruptMaskClear = 0x10,
        ControllerConfiguration = 0x14,
        ControllerStatus = 0x1C,
        AdminQueueAttributes = 0x24,
        AdminSubmissionQueueBaseAddress = 0x28,
        AdminCompletionQueueBaseAddress = 0x30,
        ControllerMemoryBufferLocation = 0x38,
        ControllerMemoryBufferSize = 0x3C,

        // Doorbells: SQ y Tail at 1000h + (2y × (4 << CAP.DSTRD)), CQ y Head at 1000h + ((2y + 1) × (4 << CAP.DSTRD)).
        Doorbells = 0x1000,

        // The driver maps the doorbells of the queues it creates only; the MSI-X structures sit above them.
        MsixTable = 0x2000,
        MsixPendingBitArray = 0x3000,
    }
}
