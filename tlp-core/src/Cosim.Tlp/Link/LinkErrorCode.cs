namespace Cosim.Tlp.Link;

/// <summary>Error frame bytes 0-1, Code: why the sender is closing the link.</summary>
public enum LinkErrorCode : ushort
{
    /// <summary>0000h: orderly close (the sender is shutting down); not a fault.</summary>
    Shutdown = 0x0000,

    /// <summary>0001h: the peer broke a framing or handshake rule.</summary>
    ProtocolViolation = 0x0001,

    /// <summary>0002h: a TLP inside a Tlps frame was truncated or malformed (PCIe Base 6.0 §2.3.1.1).</summary>
    MalformedTlp = 0x0002,

    /// <summary>0003h: a Tlps or DeviceReset frame named a channel the receiver does not serve.</summary>
    UnknownChannel = 0x0003,

    /// <summary>0004h: authentication mode mismatch, replayed nonce, or a proof that does not verify.</summary>
    AuthenticationFailed = 0x0004,

    /// <summary>0005h: the frame header carries a major version the receiver does not speak.</summary>
    VersionMismatch = 0x0005,

    /// <summary>0006h: a frame's Length exceeds the receiver's negotiated maximum.</summary>
    FrameTooLarge = 0x0006,

    /// <summary>0007h: nothing arrived from the peer within the negotiated idle timeout.</summary>
    KeepAliveTimeout = 0x0007,

    /// <summary>0008h: the sender failed for a reason of its own (a bug); the link cannot continue.</summary>
    InternalError = 0x0008,
}
