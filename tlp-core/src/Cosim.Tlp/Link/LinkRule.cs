namespace Cosim.Tlp.Link;

/// <summary>
/// The rules of docs/wire-protocol.md that a peer can break. Each maps to the <see cref="LinkErrorCode"/> the
/// receiver sends before closing (<see cref="LinkFormatException.ErrorCode"/>). Every value has a test that
/// makes it fire.
/// </summary>
public enum LinkRule
{
    /// <summary>Header bytes 0-1 are not the magic 43h 4Ch ("CL"): the stream is not a Cosim link or lost sync.</summary>
    BadMagic,

    /// <summary>Header byte 2 (major version) is not one this side speaks.</summary>
    UnsupportedVersion,

    /// <summary>Header byte 3 is not a <see cref="LinkFrameType"/>.</summary>
    UnknownFrameType,

    /// <summary>A flag bit not defined for the frame's type is set.</summary>
    ReservedFlagsSet,

    /// <summary>A reserved field is not zero (the channel of a control frame, DeviceReset's Function).</summary>
    ReservedFieldNotZero,

    /// <summary>Length exceeds the negotiated maximum frame body (or 4096 bytes before the handshake completes).</summary>
    FrameTooLarge,

    /// <summary>Length does not fit the frame type: a fixed-size body is longer or shorter, an Error or Tlps body out of bounds.</summary>
    BodyLengthMismatch,

    /// <summary>A frame type not allowed now: a handshake frame after the handshake, traffic before it, frames out of handshake order.</summary>
    UnexpectedFrameType,

    /// <summary>Sequence is not the previous frame's plus one (the first frame of each direction is 0).</summary>
    SequenceMismatch,

    /// <summary>A frame uses a feature (the Timestamped flag) that was not negotiated.</summary>
    FeatureNotNegotiated,

    /// <summary>A TLP (or its timestamp) inside a Tlps frame runs past the end of the frame body.</summary>
    TruncatedTlp,

    /// <summary>A TLP inside a Tlps frame breaks a PCIe formation rule; <see cref="LinkFormatException.TlpRule"/> names it.</summary>
    MalformedTlp,

    /// <summary>A Hello parameter is outside its range (maximum frame body, idle timeout, authentication mode).</summary>
    ParameterOutOfRange,

    /// <summary>HelloAck accepts more than Hello offered (features, version, frame size, idle timeout).</summary>
    NegotiationViolated,

    /// <summary>A Hello nonce is all zeros.</summary>
    ZeroNonce,

    /// <summary>A nonce this side has seen before (its own, reflected, or a peer's, replayed).</summary>
    NonceReplayed,

    /// <summary>The peer runs a different <see cref="LinkAuthenticationMode"/> (one side has a secret, the other none).</summary>
    AuthenticationModeMismatch,

    /// <summary>The peer's HMAC proof does not verify: a different shared secret, or a replayed Auth.</summary>
    ProofMismatch,
}
