using Cosim.Tlp;
using Cosim.Tlp.Link;

namespace Cosim.Server.Link;

/// <summary>
/// What a <see cref="LinkConnection"/> hands its traffic to: the server's device table or the endpoint's proxies.
/// Every call comes from the connection's receive loop, one at a time, in wire order.
/// </summary>
internal interface ILinkPeer
{
    /// <summary>The handshake completed; traffic may flow.</summary>
    void OnEstablished(LinkConnection connection);

    /// <summary>
    /// Checks the channel of a Tlps or DeviceReset frame before it is dispatched; a refusal ends the link with
    /// Error UnknownChannel and <paramref name="refusal"/> as its message.
    /// </summary>
    bool TryAccept(LinkConnection connection, LinkChannel channel, out string refusal);

    /// <summary>One TLP of an accepted channel; the payload is valid only during the call.</summary>
    void OnTlp(LinkConnection connection, LinkChannel channel, in TlpHeader header, ReadOnlySpan<byte> payload);

    /// <summary>A DeviceReset frame for an accepted channel.</summary>
    void OnDeviceReset(LinkConnection connection, ushort device);

    /// <summary>The connection ended (called once, after the last dispatch).</summary>
    void OnClosed(LinkConnection connection, LinkCloseReason reason);
}
