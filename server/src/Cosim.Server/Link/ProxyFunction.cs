using Cosim.Tlp;
using Cosim.Tlp.Link;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Link;

/// <summary>
/// The device as the QEMU-side endpoint sees it when the model runs in <c>cosim serve</c>: an <see cref="IPcieFunction"/>
/// whose <see cref="Receive"/> forwards every TLP over the link, and which delivers every TLP the server sends
/// (completions, DMA MemRd/MemWr, MSI MemWr, INTx messages) to its upstream (the vfio-user server) in wire order.
/// While the link is down, and for requests in flight when it drops, non-posted requests are answered with
/// Unsupported Request (the vfio-user server turns that into an all-ones read) and posted ones are dropped.
/// </summary>
public sealed class ProxyFunction : IPcieFunction
{
    private readonly ILogger _logger;
    private readonly LinkChannel _channel;
    private readonly Lock _lock = new();
    private readonly OutstandingRequests _outstanding = new();
    private readonly List<TlpHeader> _failed = [];
    private ITlpReceiver? _upstream;
    private LinkConnection? _link;
    private PcieId _functionId;

    /// <summary>A proxy for device <paramref name="device"/> (the topology index on the server) called <paramref name="name"/>.</summary>
    public ProxyFunction(int device, string name, ILogger logger)
    {
        Device = device;
        Name = name;
        _logger = logger;
        _channel = new LinkChannel((ushort)device, 0);
    }

    /// <summary>The device index on the server: the link channel.</summary>
    public int Device { get; }

    /// <summary>The device name, for logs and traces.</summary>
    public string Name { get; }

    /// <summary>True while a link serves the device.</summary>
    public bool IsLinkUp => Volatile.Read(ref _link) is not null;

    /// <summary>Requests forwarded and not yet completed (tests).</summary>
    internal int OutstandingCount
    {
        get
        {
            lock (_lock)
            {
                return _outstanding.Count;
            }
        }
    }

    /// <inheritdoc />
    public void Attach(ITlpReceiver upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        _upstream = upstream;
    }

    /// <inheritdoc />
    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        LinkConnection? link;
        bool tracked = header.IsNonPosted;
        lock (_lock)
        {
            link = _link;
            if (header.IsConfigRequest)
            {
                _functionId = header.DestinationId;
            }

            if (link is not null && tracked)
            {
                _outstanding.Add(header);
            }
        }

        if (link is not null && link.TrySendTlp(_channel, header, payload))
        {
            return;
        }

        // No link, or it closed under us: answer unless the link-down path already did.
        if (tracked)
        {
            bool ours;
            lock (_lock)
            {
                ours = link is null || _outstanding.Remove(header);
            }

            if (ours)
            {
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    _logger.RequestWithoutLink(Device, Name, header.ToString());
                }

                Upstream.Receive(TlpHeader.UnsupportedRequestFor(header, _functionId), []);
            }
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.PostedWithoutLink(Device, Name, header.ToString());
        }
    }

    /// <summary>Conventional reset from QEMU: a DeviceReset frame, ordered before every later TLP.</summary>
    public void Reset() => Volatile.Read(ref _link)?.SendDeviceReset((ushort)Device);

    private ITlpReceiver Upstream => _upstream ?? throw new InvalidOperationException($"Proxy for device '{Name}' is not attached.");

    /// <summary>A link serves the device from now on.</summary>
    internal void OnLinkUp(LinkConnection link)
    {
        lock (_lock)
        {
            _link = link;
        }
    }

    /// <summary>A TLP from the server, on the link's receive loop.</summary>
    internal void Deliver(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.IsCompletion)
        {
            lock (_lock)
            {
                _outstanding.OnCompletion(header);
                _functionId = header.CompleterId;
            }
        }

        Upstream.Receive(header, payload);
    }

    /// <summary>The server reset the device: its outstanding requests will never complete.</summary>
    internal void OnResetByServer()
    {
        TlpHeader[] failed = TakeOutstanding(linkDown: false, out PcieId completer);
        _logger.ResetByServer(Device, Name, failed.Length);
        AnswerUnsupported(failed, completer);
    }

    /// <summary>The link dropped: outstanding requests get Unsupported Request, new ones too until the next link.</summary>
    internal void OnLinkDown(LinkConnection link)
    {
        lock (_lock)
        {
            if (_link != link)
            {
                return;
            }
        }

        TlpHeader[] failed = TakeOutstanding(linkDown: true, out PcieId completer);
        if (failed.Length > 0)
        {
            _logger.OutstandingFailed(Device, Name, failed.Length);
        }

        AnswerUnsupported(failed, completer);
    }

    private TlpHeader[] TakeOutstanding(bool linkDown, out PcieId completer)
    {
        TlpHeader[] failed;
        lock (_lock)
        {
            if (linkDown)
            {
                _link = null;
            }

            _failed.Clear();
            _outstanding.TakeAll(_failed);
            failed = [.. _failed];
            completer = _functionId;
        }

        return failed;
    }

    private void AnswerUnsupported(TlpHeader[] failed, PcieId completer)
    {
        foreach (TlpHeader request in failed)
        {
            Upstream.Receive(TlpHeader.UnsupportedRequestFor(request, completer), []);
        }
    }
}
