using Cosim.Tlp.Link;

namespace Cosim.Server.Topology;

/// <summary>
/// The <c>Link</c> section: where <c>cosim serve</c> listens, where <c>cosim endpoint</c> connects, the shared secret,
/// and the link's timing. Defaults: listen on 127.0.0.1:7440, no secret, 30 s idle timeout, 64 KiB frames.
/// </summary>
public sealed record LinkSettings
{
    /// <summary>The address <c>cosim serve</c> listens on (loopback unless <see cref="AllowRemote"/>).</summary>
    public LinkAddress Listen { get; init; } = LinkAddress.DefaultListen;

    /// <summary>Allows a non-loopback <see cref="Listen"/> address; a shared secret is then required.</summary>
    public bool AllowRemote { get; init; }

    /// <summary>The address <c>cosim endpoint</c> connects to.</summary>
    public LinkAddress Server { get; init; } = LinkAddress.DefaultListen;

    /// <summary>The shared secret (at least 16 bytes), or null for the loopback-only no-secret mode.</summary>
    public byte[]? Secret { get; init; }

    /// <summary>How long a side waits without receiving before it declares the link dropped (zero: never).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest frame body this side accepts.</summary>
    public int MaxFrameBodyLength { get; init; } = LinkFrameHeader.DefaultMaxBodyLength;

    /// <summary>How long a handshake may take before the connection is closed.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The endpoint's first reconnect delay; it doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The endpoint's longest reconnect delay.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The handshake proposal built from these settings.</summary>
    public LinkOptions ToLinkOptions() => new()
    {
        IdleTimeout = IdleTimeout,
        MaxFrameBodyLength = MaxFrameBodyLength,
        Features = LinkFeatures.None,
    };

    /// <summary>An authenticator with the secret, or the unauthenticated one.</summary>
    public LinkAuthenticator CreateAuthenticator() =>
        Secret is { } secret ? new LinkAuthenticator(secret) : LinkAuthenticator.CreateUnauthenticated();
}
