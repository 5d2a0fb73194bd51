namespace Cosim.Tlp.Link;

/// <summary>Where a <see cref="LinkHandshake"/> stands.</summary>
public enum LinkHandshakeState
{
    /// <summary><see cref="LinkHandshake.Start"/> not called yet.</summary>
    NotStarted,

    /// <summary>Server: waiting for the client's Hello.</summary>
    AwaitingHello,

    /// <summary>Client: Hello sent, waiting for HelloAck.</summary>
    AwaitingHelloAck,

    /// <summary>Server: HelloAck sent, waiting for the client's Auth.</summary>
    AwaitingAuth,

    /// <summary>Client: Auth sent, waiting for AuthOk.</summary>
    AwaitingAuthOk,

    /// <summary>Both proofs verified; reader and writer carry the negotiated parameters.</summary>
    Established,

    /// <summary>The peer sent Error (see <see cref="LinkHandshake.PeerError"/>); close without answering.</summary>
    PeerClosed,

    /// <summary>The peer broke a rule; the <see cref="LinkFormatException"/> was thrown; send Error and close.</summary>
    Failed,
}
