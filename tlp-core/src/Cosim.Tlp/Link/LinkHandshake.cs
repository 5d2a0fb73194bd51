using System.Buffers;

namespace Cosim.Tlp.Link;

/// <summary>
/// The handshake of one connection as a state machine without sockets (docs/wire-protocol.md §5):
/// client Hello → server HelloAck → client Auth → server AuthOk. The caller feeds it the frames its reader returns;
/// it writes the answers to the writer and, once both proofs verify, establishes reader and writer with the
/// negotiated <see cref="Parameters"/>. Every peer mistake ends the handshake with a
/// <see cref="LinkFormatException"/> (state <see cref="LinkHandshakeState.Failed"/>): the caller writes
/// <see cref="LinkFrameWriter.WriteError(LinkFormatException)"/>, flushes and closes. The caller also bounds the
/// handshake's duration (a peer that sends nothing is not this class's concern).
/// </summary>
public sealed class LinkHandshake
{
    private readonly LinkAuthenticator _authenticator;
    private readonly LinkOptions _options;
    private readonly LinkFrameReader _reader;
    private readonly LinkFrameWriter _writer;
    private LinkHello _hello;
    private LinkHello _helloAck;

    /// <summary>Prepares the handshake of one connection; <paramref name="options"/> are checked here.</summary>
    public LinkHandshake(
        LinkRole role,
        LinkAuthenticator authenticator,
        LinkOptions options,
        LinkFrameReader reader,
        LinkFrameWriter writer)
    {
        options.Validate();
        Role = role;
        _authenticator = authenticator;
        _options = options;
        _reader = reader;
        _writer = writer;
    }

    /// <summary>Which side this is.</summary>
    public LinkRole Role { get; }

    /// <summary>Where the handshake stands.</summary>
    public LinkHandshakeState State { get; private set; }

    /// <summary>The negotiated parameters, once <see cref="LinkHandshakeState.Established"/>.</summary>
    public LinkParameters Parameters { get; private set; }

    /// <summary>The Error the peer sent, once <see cref="LinkHandshakeState.PeerClosed"/>.</summary>
    public LinkError? PeerError { get; private set; }

    /// <summary>Client: writes Hello. Server: starts waiting for it.</summary>
    public void Start()
    {
        RequireState(State == LinkHandshakeState.NotStarted);
        if (Role == LinkRole.Server)
        {
            State = LinkHandshakeState.AwaitingHello;
            return;
        }

        _hello = new LinkHello
        {
            MinorVersion = LinkFrameHeader.MinorVersion,
            AuthenticationMode = _authenticator.Mode,
            MaxFrameBodyLength = _options.MaxFrameBodyLength,
            Features = _options.Features,
            IdleTimeoutMilliseconds = _options.IdleTimeoutMilliseconds,
            Nonce = _authenticator.CreateNonce(),
        };
        _writer.WriteHello(_hello);
        State = LinkHandshakeState.AwaitingHelloAck;
    }

    /// <summary>
    /// Takes the next frame from the peer and returns the new state. Any frame but the one the state awaits (or
    /// Error) is <see cref="LinkRule.UnexpectedFrameType"/>.
    /// </summary>
    public LinkHandshakeState Receive(in LinkFrame frame)
    {
        RequireState(State is LinkHandshakeState.AwaitingHello or LinkHandshakeState.AwaitingHelloAck
            or LinkHandshakeState.AwaitingAuth or LinkHandshakeState.AwaitingAuthOk);
        try
        {
            switch (State, frame.Type)
            {
                case (_, LinkFrameType.Error):
                    PeerError = LinkError.Decode(frame);
                    State = LinkHandshakeState.PeerClosed;
                    break;
                case (LinkHandshakeState.AwaitingHello, LinkFrameType.Hello):
                    OnHello(LinkHello.Decode(frame));
                    break;
                case (LinkHandshakeState.AwaitingHelloAck, LinkFrameType.HelloAck):
                    OnHelloAck(LinkHello.Decode(frame));
                    break;
                case (LinkHandshakeState.AwaitingAuth, LinkFrameType.Auth):
                    OnAuth(frame);
                    break;
                case (LinkHandshakeState.AwaitingAuthOk, LinkFrameType.AuthOk):
                    OnAuthOk(frame);
                    break;
                default:
                    LinkThrowHelper.ThrowViolation(LinkRule.UnexpectedFrameType, "Type", (ulong)frame.Type);
                    break;
            }
        }
        catch (LinkFormatException)
        {
            State = LinkHandshakeState.Failed;
            throw;
        }

        return State;
    }

    // Server: decide the parameters (smaller limits, common features, smaller version) and send the challenge.
    private void OnHello(in LinkHello hello)
    {
        RequireSameMode(hello.AuthenticationMode);
        _authenticator.AcceptPeerNonce(hello.Nonce);
        _hello = hello;
        _helloAck = new LinkHello
        {
            MinorVersion = Math.Min(hello.MinorVersion, LinkFrameHeader.MinorVersion),
            AuthenticationMode = _authenticator.Mode,
            MaxFrameBodyLength = Math.Min(hello.MaxFrameBodyLength, _options.MaxFrameBodyLength),
            Features = hello.Features & _options.Features,
            IdleTimeoutMilliseconds = SmallerNonZero(hello.IdleTimeoutMilliseconds, _options.IdleTimeoutMilliseconds),
            Nonce = _authenticator.CreateNonce(),
        };
        _writer.WriteHelloAck(_helloAck);
        State = LinkHandshakeState.AwaitingAuth;
    }

    // Client: the server may only narrow what Hello offered; then prove knowledge of the secret.
    private void OnHelloAck(in LinkHello helloAck)
    {
        RequireSameMode(helloAck.AuthenticationMode);
        RequireNarrowed(helloAck.MinorVersion <= _hello.MinorVersion, "MinorVersion", helloAck.MinorVersion);
        RequireNarrowed((helloAck.Features & ~_hello.Features) == 0, "Features", (ulong)helloAck.Features);
        RequireNarrowed(helloAck.MaxFrameBodyLength <= _hello.MaxFrameBodyLength, "MaxFrameBodyLength", (ulong)helloAck.MaxFrameBodyLength);
        uint offered = _hello.IdleTimeoutMilliseconds;
        uint accepted = helloAck.IdleTimeoutMilliseconds;
        RequireNarrowed(offered == 0 || (accepted != 0 && accepted <= offered), "IdleTimeoutMilliseconds", accepted);
        _authenticator.AcceptPeerNonce(helloAck.Nonce);
        _helloAck = helloAck;

        Span<byte> proof = stackalloc byte[LinkAuthenticator.ProofBytes];
        _authenticator.ComputeProof(LinkRole.Client, _hello, _helloAck, proof);
        _writer.WriteAuth(proof);
        State = LinkHandshakeState.AwaitingAuthOk;
    }

    // Server: the client proved first, so an unauthenticated client never obtains a MAC from the server.
    private void OnAuth(in LinkFrame frame)
    {
        RequirePeerProof(frame, LinkRole.Client);
        Span<byte> proof = stackalloc byte[LinkAuthenticator.ProofBytes];
        _authenticator.ComputeProof(LinkRole.Server, _hello, _helloAck, proof);
        _writer.WriteAuthOk(proof);
        Establish();
    }

    private void OnAuthOk(in LinkFrame frame)
    {
        RequirePeerProof(frame, LinkRole.Server);
        Establish();
    }

    private void RequirePeerProof(in LinkFrame frame, LinkRole prover)
    {
        frame.RequireBodyLength(LinkAuthenticator.ProofBytes);
        Span<byte> proof = stackalloc byte[LinkAuthenticator.ProofBytes];
        frame.Body.CopyTo(proof);
        if (!_authenticator.VerifyProof(prover, _hello, _helloAck, proof))
        {
            // The value is not the proof: error messages never carry key material.
            LinkThrowHelper.ThrowViolation(LinkRule.ProofMismatch, "Proof", 0);
        }
    }

    private void Establish()
    {
        Parameters = new LinkParameters(
            _helloAck.MinorVersion,
            _helloAck.Features,
            _helloAck.MaxFrameBodyLength,
            TimeSpan.FromMilliseconds(_helloAck.IdleTimeoutMilliseconds));
        _reader.Establish(Parameters);
        _writer.Establish(Parameters);
        State = LinkHandshakeState.Established;
    }

    private void RequireSameMode(LinkAuthenticationMode peerMode)
    {
        if (peerMode != _authenticator.Mode)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.AuthenticationModeMismatch, "AuthenticationMode", (ulong)peerMode);
        }
    }

    private static void RequireNarrowed(bool condition, string field, ulong value)
    {
        if (!condition)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.NegotiationViolated, field, value);
        }
    }

    private static uint SmallerNonZero(uint a, uint b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b);

    private void RequireState(bool condition)
    {
        if (!condition)
        {
            LinkThrowHelper.ThrowInvalidOperation($"The handshake is {State}.");
        }
    }
}
