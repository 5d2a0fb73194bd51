using System.Security.Cryptography;

namespace Cosim.Tlp.Link;

/// <summary>
/// The shared-secret side of the handshake (docs/wire-protocol.md §5.3): creates nonces, refuses replayed ones,
/// and computes and checks the HMAC-SHA256 proofs. The secret never leaves this object and never crosses the wire;
/// each side proves it knows the secret by a MAC over both nonces and both Hello bodies, under a label that differs
/// by role so one side's proof can never be reflected as the other's. One instance per listener or endpoint; its
/// nonce history is shared by all its connections (thread-safe).
/// </summary>
public sealed class LinkAuthenticator
{
    /// <summary>The shortest shared secret accepted (128 bits); use 32 random bytes.</summary>
    public const int MinimumSecretBytes = 16;

    /// <summary>Size of a proof: one HMAC-SHA256 output.</summary>
    public const int ProofBytes = LinkFrameHeader.ProofBodyLength;

    /// <summary>How many nonces (own and peers') are remembered to refuse a replay or reflection.</summary>
    public const int NonceHistoryCapacity = 4096;

    private const int LabelBytes = 16;
    private const int TranscriptBytes = LabelBytes + LinkHello.BodyLength + LinkHello.BodyLength;

    private readonly byte[] _secret;
    private readonly Lock _historyLock = new();
    private readonly HashSet<LinkNonce> _seenNonces = [];
    private readonly Queue<LinkNonce> _nonceOrder = new();

    /// <summary>
    /// An authenticator with <paramref name="sharedSecret"/> (<see cref="LinkAuthenticationMode.HmacSha256"/>).
    /// The bytes are copied. A secret shorter than <see cref="MinimumSecretBytes"/> is refused: HelloAck and Auth
    /// expose MACs an eavesdropper could attack offline, so the secret must be random, not a password.
    /// </summary>
    public LinkAuthenticator(ReadOnlySpan<byte> sharedSecret)
    {
        if (sharedSecret.Length < MinimumSecretBytes)
        {
            throw new ArgumentException(
                $"The link shared secret must be at least {MinimumSecretBytes} random bytes (32 recommended).",
                nameof(sharedSecret));
        }

        _secret = sharedSecret.ToArray();
        Mode = LinkAuthenticationMode.HmacSha256;
    }

    private LinkAuthenticator()
    {
        _secret = [];
        Mode = LinkAuthenticationMode.None;
    }

    /// <summary>None when created by <see cref="CreateUnauthenticated"/>, else HMAC-SHA256.</summary>
    public LinkAuthenticationMode Mode { get; }

    /// <summary>An authenticator without a secret, for links on loopback: proofs are zeros, nonces still checked.</summary>
    public static LinkAuthenticator CreateUnauthenticated() => new();

    /// <summary>A fresh random nonce for this side's Hello or HelloAck, remembered so a reflection of it is refused.</summary>
    public LinkNonce CreateNonce()
    {
        while (true)
        {
            var nonce = LinkNonce.CreateRandom();
            if (TryRemember(nonce))
            {
                return nonce;
            }
        }
    }

    /// <summary>
    /// Accepts the peer's nonce, or throws <see cref="LinkFormatException"/>: <see cref="LinkRule.ZeroNonce"/> for
    /// all zeros, <see cref="LinkRule.NonceReplayed"/> for one seen before (a replayed Hello, or this side's own
    /// nonce reflected back).
    /// </summary>
    public void AcceptPeerNonce(LinkNonce nonce)
    {
        if (nonce.IsZero)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.ZeroNonce, "Nonce", 0);
        }

        if (!TryRemember(nonce))
        {
            LinkThrowHelper.ThrowViolation(LinkRule.NonceReplayed, "Nonce", 0);
        }
    }

    /// <summary>
    /// Writes <paramref name="prover"/>'s 32-byte proof for the handshake made of <paramref name="hello"/> and
    /// <paramref name="helloAck"/>: HMAC-SHA256(secret, label ‖ Hello body ‖ HelloAck body), or zeros without a secret.
    /// </summary>
    public void ComputeProof(LinkRole prover, in LinkHello hello, in LinkHello helloAck, Span<byte> proof)
    {
        if (proof.Length < ProofBytes)
        {
            throw new ArgumentException($"A proof is {ProofBytes} bytes.", nameof(proof));
        }

        if (Mode == LinkAuthenticationMode.None)
        {
            proof[..ProofBytes].Clear();
            return;
        }

        Span<byte> transcript = stackalloc byte[TranscriptBytes];
        WriteTranscript(prover, hello, helloAck, transcript);
        HMACSHA256.HashData(_secret, transcript, proof);
    }

    /// <summary>
    /// True when <paramref name="proof"/> is <paramref name="prover"/>'s proof for this handshake (compared in
    /// constant time). Without a secret the only valid proof is 32 zero bytes.
    /// </summary>
    public bool VerifyProof(LinkRole prover, in LinkHello hello, in LinkHello helloAck, ReadOnlySpan<byte> proof)
    {
        Span<byte> expected = stackalloc byte[ProofBytes];
        ComputeProof(prover, hello, helloAck, expected);
        return CryptographicOperations.FixedTimeEquals(expected, proof);
    }

    private static void WriteTranscript(LinkRole prover, in LinkHello hello, in LinkHello helloAck, Span<byte> transcript)
    {
        ReadOnlySpan<byte> label = prover == LinkRole.Client ? "CosimLinkClient1"u8 : "CosimLinkServer1"u8;
        label.CopyTo(transcript);
        hello.Encode(transcript[LabelBytes..]);
        helloAck.Encode(transcript[(LabelBytes + LinkHello.BodyLength)..]);
    }

    private bool TryRemember(LinkNonce nonce)
    {
        lock (_historyLock)
        {
            if (!_seenNonces.Add(nonce))
            {
                return false;
            }

            _nonceOrder.Enqueue(nonce);
            if (_nonceOrder.Count > NonceHistoryCapacity)
            {
                _seenNonces.Remove(_nonceOrder.Dequeue());
            }

            return true;
        }
    }
}
