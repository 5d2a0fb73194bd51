using Cosim.Tlp;
using Cosim.Tlp.Link;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Link;

/// <summary>
/// One device on the link server: the function's upstream port. TLPs the model sends (completions, DMA requests,
/// MSI writes, INTx messages) go to the connection that currently serves the device; with no link, a non-posted
/// request is answered with Unsupported Request at once (there is no root complex to complete it) and a posted one
/// is dropped. A device is served by one connection at a time: it claims the device with its first frame for it.
/// </summary>
internal sealed class DeviceSlot : ITlpReceiver
{
    private readonly ILogger _logger;
    private readonly LinkChannel _channel;
    private LinkConnection? _owner;

    public DeviceSlot(ServedDevice device, ILogger logger)
    {
        Device = device;
        _logger = logger;
        _channel = new LinkChannel((ushort)device.Index, 0);
        device.Function.Attach(this);
    }

    public ServedDevice Device { get; }

    public LinkConnection? Owner => Volatile.Read(ref _owner);

    /// <summary>Claims the device for <paramref name="connection"/>; false when another connection serves it.</summary>
    public bool TryClaim(LinkConnection connection)
    {
        LinkConnection? previous = Interlocked.CompareExchange(ref _owner, connection, null);
        if (previous is null)
        {
            _logger.DeviceClaimed(Device.Index, Device.Name, connection.Description);
            return true;
        }

        return previous == connection;
    }

    /// <summary>Releases the device if <paramref name="connection"/> served it; true when it did.</summary>
    public bool Release(LinkConnection connection) => Interlocked.CompareExchange(ref _owner, null, connection) == connection;

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        LinkConnection? owner = Volatile.Read(ref _owner);
        if (owner is not null && owner.TrySendTlp(_channel, header, payload))
        {
            return;
        }

        if (header.IsNonPosted)
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                _logger.DeviceRequestWithoutLink(Device.Index, Device.Name, header.ToString());
            }

            Device.Function.Receive(TlpHeader.UnsupportedRequestFor(header, completer: default), []);
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.DevicePostedWithoutLink(Device.Index, Device.Name, header.ToString());
        }
    }
}
