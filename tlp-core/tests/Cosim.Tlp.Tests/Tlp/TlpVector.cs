namespace Cosim.Tlp.Tests.Tlp;

/// <summary>
/// One hand-derived TLP: the header the bytes decode to, and the wire bytes (header DWs, payload, digest).
/// </summary>
public sealed record TlpVector(string Name, TlpHeader Header, byte[] HeaderBytes, byte[] Payload, byte[] DigestBytes)
{
    /// <summary>The whole TLP as it travels on a link.</summary>
    public byte[] Bytes => [.. HeaderBytes, .. Payload, .. DigestBytes];

    public override string ToString() => Name;

    /// <summary>Builds a vector from hex strings; spaces separate DWs for the reader and are ignored.</summary>
    public static TlpVector Of(string name, TlpHeader header, string headerHex, string payloadHex = "", string digestHex = "") =>
        new(name, header, Hex.Parse(headerHex), Hex.Parse(payloadHex), Hex.Parse(digestHex));

    /// <summary>Builds a vector whose payload is too long to spell out: <see cref="Hex.Pattern"/> of that size.</summary>
    public static TlpVector WithPatternPayload(string name, TlpHeader header, string headerHex, int payloadBytes) =>
        new(name, header, Hex.Parse(headerHex), Hex.Pattern(payloadBytes), []);
}
