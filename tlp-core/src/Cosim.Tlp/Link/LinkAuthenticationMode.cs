namespace Cosim.Tlp.Link;

/// <summary>Hello bytes 2-3, AuthenticationMode. Both sides must run the same mode.</summary>
public enum LinkAuthenticationMode : ushort
{
    /// <summary>0: no shared secret (loopback only); proofs are 32 zero bytes.</summary>
    None = 0,

    /// <summary>1: HMAC-SHA256 challenge-response over both nonces with a shared secret.</summary>
    HmacSha256 = 1,
}
