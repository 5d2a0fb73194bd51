namespace Cosim.Server.Link;

/// <summary>Why a link connection ended.</summary>
public enum LinkCloseKind
{
    /// <summary>This side shut down (host stopping); it sent Error Shutdown.</summary>
    LocalShutdown,

    /// <summary>The peer sent an Error frame (its code and message are in the reason).</summary>
    PeerError,

    /// <summary>The peer broke the protocol; this side sent Error with the rule and closed.</summary>
    ProtocolViolation,

    /// <summary>The TCP connection ended without an Error frame (EOF, reset, failed send).</summary>
    ConnectionLost,

    /// <summary>Nothing was received within the negotiated idle timeout.</summary>
    KeepAliveTimeout,

    /// <summary>The handshake did not complete within the handshake timeout.</summary>
    HandshakeTimeout,

    /// <summary>This side failed (a bug); it sent Error InternalError.</summary>
    InternalError,
}
