namespace Cosim.Tlp.Tests.Tlp;

/// <summary>
/// One formation rule made to fire: a malformed input that breaks <see cref="Rule"/> in <see cref="Field"/>,
/// and a well-formed neighbour that differs from it only where the rule looks.
/// </summary>
public sealed record TlpRuleVector(string Name, TlpRule Rule, string Field, Action Malformed, Action WellFormed)
{
    /// <summary>For byte vectors: the malformed wire bytes (null for vectors that break a rule while encoding).</summary>
    public byte[]? MalformedBytes { get; init; }

    public override string ToString() => Name;

    /// <summary>A received TLP: <see cref="TlpCodec.Decode"/> of the malformed bytes fails, of the neighbour succeeds.</summary>
    public static TlpRuleVector Received(string name, TlpRule rule, string field, byte[] malformed, byte[] wellFormed) =>
        new(name, rule, field, () => TlpCodec.Decode(malformed, out _), () => TlpCodec.Decode(wellFormed, out _))
        {
            MalformedBytes = malformed,
        };

    /// <inheritdoc cref="Received(string, TlpRule, string, byte[], byte[])"/>
    public static TlpRuleVector Received(string name, TlpRule rule, string field, string malformedHex, string wellFormedHex) =>
        Received(name, rule, field, Hex.Parse(malformedHex), Hex.Parse(wellFormedHex));

    /// <summary>A TLP being sent: <see cref="TlpCodec.Encode"/> refuses the malformed header and takes the neighbour.</summary>
    public static TlpRuleVector Sent(string name, TlpRule rule, string field, TlpHeader malformed, TlpHeader wellFormed) =>
        new(name, rule, field, () => EncodeWithItsPayload(malformed), () => EncodeWithItsPayload(wellFormed));

    private static void EncodeWithItsPayload(TlpHeader header)
    {
        byte[] payload = new byte[Math.Max(0, header.PayloadSize)];
        byte[] destination = new byte[TlpHeader.MaxTlpBytes + 64];
        TlpCodec.Encode(header, payload, destination);
    }
}
