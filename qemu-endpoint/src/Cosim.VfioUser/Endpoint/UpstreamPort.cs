using System.Buffers.Binary;
using Cosim.Tlp;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser;

/// <summary>
/// The endpoint as the function's upstream <see cref="ITlpReceiver"/>: completions for the endpoint's own requests
/// go to the <see cref="FunctionRequester"/>; the function's memory reads and writes go to guest memory (shared
/// memory, or DMA messages); memory writes into the MSI window become eventfd writes; INTx messages drive the INTx
/// line. Called from any thread. Nothing here allocates on the shared-memory and interrupt paths.
/// </summary>
internal sealed partial class UpstreamPort : ITlpReceiver, IDisposable
{
    /// <summary>x86 MSI address window: 0xFEE0_0000-0xFEEF_FFFF (Intel SDM Vol. 3 §11.11.1).</summary>
    public const ulong MsiWindowBase = 0xFEE0_0000;

    /// <summary>Size of the MSI address window.</summary>
    public const ulong MsiWindowSize = 0x10_0000;

    private readonly IPcieFunction _function;
    private readonly FunctionRequester _requester;
    private readonly GuestMemory _memory;
    private readonly InterruptRouter _interrupts;
    private readonly DeviceLayout _layout;
    private readonly MessageDma _messageDma;
    private readonly DeferredRequests _deferred;
    private readonly ILogger _logger;
    private readonly int _maxPayloadSize;
    private readonly int _readCompletionBoundary;
    private readonly bool _directMemory;
    private volatile int _connectionThreadId = -1;

    public UpstreamPort(
        IPcieFunction function,
        FunctionRequester requester,
        GuestMemory memory,
        InterruptRouter interrupts,
        DeviceLayout layout,
        MessageDma messageDma,
        VfioUserServerOptions options,
        ILogger logger)
    {
        _function = function;
        _requester = requester;
        _memory = memory;
        _interrupts = interrupts;
        _layout = layout;
        _messageDma = messageDma;
        _logger = logger;
        _maxPayloadSize = options.MaxPayloadSize;
        _readCompletionBoundary = options.ReadCompletionBoundary;
        _directMemory = options.DirectMemoryAccess;
        _deferred = new DeferredRequests(HandleDeferred);
    }

    /// <summary>The thread that serves the current connection (it must never wait for a DMA reply), or -1.</summary>
    public int ConnectionThreadId
    {
        get => _connectionThreadId;
        set => _connectionThreadId = value;
    }

    /// <summary>Drops deferred work at disconnect.</summary>
    public void ClearDeferred() => _deferred.Clear();

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.IsCompletion)
        {
            if (!_requester.TryComplete(header, payload))
            {
                _logger.UnexpectedCompletion(header);
            }

            return;
        }

        if (Environment.CurrentManagedThreadId == _connectionThreadId && (_deferred.HasWork || NeedsMessages(header)))
        {
            _deferred.Enqueue(header, payload);
            return;
        }

        Handle(header, payload, mayWait: Environment.CurrentManagedThreadId != _connectionThreadId);
    }

    public void Dispose() => _deferred.Dispose();

    private void HandleDeferred(TlpHeader header, ReadOnlyMemory<byte> payload)
    {
        try
        {
            Handle(header, payload.Span, mayWait: true);
        }
        catch (Exception e)
        {
            _logger.DeviceRequestFailed(header, e);
        }
    }

    private void Handle(in TlpHeader header, ReadOnlySpan<byte> payload, bool mayWait)
    {
        switch (header.Kind)
        {
            case TlpKind.MemoryRead:
            case TlpKind.MemoryReadLocked:
                HandleMemoryRead(header, mayWait);
                break;
            case TlpKind.MemoryWrite:
                if (header.Address - MsiWindowBase < MsiWindowSize)
                {
                    HandleInterruptWrite(header, payload);
                }
                else
                {
                    HandleMemoryWrite(header, payload, mayWait);
                }

                break;
            case TlpKind.Message:
            case TlpKind.MessageWithData:
                HandleMessage(header);
                break;
            default:
                _logger.UnsupportedDeviceRequest(header);
                if (header.IsNonPosted)
                {
                    _function.Receive(TlpHeader.UnsupportedRequestFor(header, FunctionRequester.RootId), []);
                }

                break;
        }
    }

    private bool NeedsMessages(in TlpHeader header)
    {
        if (header.Kind is not (TlpKind.MemoryRead or TlpKind.MemoryReadLocked or TlpKind.MemoryWrite)
            || header.Address - MsiWindowBase < MsiWindowSize)
        {
            return false;
        }

        return _memory.Classify(header.Address, (ulong)Math.Max(1, header.Length * 4), header.Kind == TlpKind.MemoryWrite)
            == GuestMemory.Access.NeedsMessages;
    }

    private void HandleMessage(in TlpHeader header)
    {
        switch (header.MessageCode)
        {
            case >= MessageCode.AssertIntA and <= MessageCode.AssertIntD:
                _interrupts.SetIntx(asserted: true);
                break;
            case >= MessageCode.DeassertIntA and <= MessageCode.DeassertIntD:
                _interrupts.SetIntx(asserted: false);
                break;
            default:
                _logger.IgnoredDeviceMessage(header);
                break;
        }
    }

    private void HandleInterruptWrite(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        Span<byte> dword = stackalloc byte[4];
        dword.Clear();
        payload[..Math.Min(4, payload.Length)].CopyTo(dword);
        uint data = BinaryPrimitives.ReadUInt32LittleEndian(dword) & ByteEnables.ToMask(header.FirstDwByteEnables);
        if (_layout.MsixEnabled)
        {
            if (!_interrupts.Fire(IrqIndex.Msix, (int)data))
            {
                _logger.InterruptWithoutVector(data, header);
            }

            return;
        }

        int msiVectors = _layout.MsiEnabledVectors;
        if (msiVectors > 0)
        {
            _interrupts.Fire(IrqIndex.Msi, (int)(data & (uint)(msiVectors - 1)));
            return;
        }

        _logger.InterruptWhileDisabled(data, header);
    }
}
