namespace Cosim.Tlp.Link;

/// <summary>
/// Frame header byte 3, Type (docs/wire-protocol.md §3). Handshake frames (Hello..AuthOk) are allowed only before
/// the link is established, traffic frames (Tlps..KeepAliveAck) only after; Error is allowed in both phases.
/// Any other value is <see cref="LinkRule.UnknownFrameType"/>.
/// </summary>
public enum LinkFrameType : byte
{
    /// <summary>01h: client → server, first frame: minor version, features, limits, client nonce.</summary>
    Hello = 0x01,

    /// <summary>02h: server → client: the negotiated parameters and the server nonce (the challenge).</summary>
    HelloAck = 0x02,

    /// <summary>03h: client → server: the client's proof, HMAC-SHA256 over both nonces.</summary>
    Auth = 0x03,

    /// <summary>04h: server → client: the server's proof; after it the link is established.</summary>
    AuthOk = 0x04,

    /// <summary>10h: one or more TLPs for the device/function named by the header's channel.</summary>
    Tlps = 0x10,

    /// <summary>11h: Conventional Reset of the device named by the header's Device field (every function).</summary>
    DeviceReset = 0x11,

    /// <summary>20h: liveness probe; the peer answers with <see cref="KeepAliveAck"/> echoing the token.</summary>
    KeepAlive = 0x20,

    /// <summary>21h: answer to <see cref="KeepAlive"/>, echoing its token.</summary>
    KeepAliveAck = 0x21,

    /// <summary>30h: the sender's last frame: an error code and a UTF-8 message; the sender then closes.</summary>
    Error = 0x30,
}
