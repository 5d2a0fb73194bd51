using Cosim.Tlp.Link;

namespace Cosim.Server.Link;

/// <summary>How and why a link connection ended, for the log line both sides write.</summary>
/// <param name="Kind">The category.</param>
/// <param name="Code">The Error code sent or received, if any.</param>
/// <param name="Message">Details: the rule broken, the peer's message, or the socket error.</param>
/// <param name="WasEstablished">True when the handshake had completed.</param>
public sealed record LinkCloseReason(LinkCloseKind Kind, LinkErrorCode? Code, string Message, bool WasEstablished)
{
    /// <summary>Formats as <c>Kind (Code): Message</c>.</summary>
    public override string ToString() => Code is { } code ? $"{Kind} ({code}): {Message}" : $"{Kind}: {Message}";
}
