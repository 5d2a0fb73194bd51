using CsCheck;

namespace Cosim.Tlp.Tests.Tlp;

/// <summary>Encode then decode gives back the header and payload, for every kind (CsCheck).</summary>
public sealed class TlpRoundTripProperties
{
    private const long IterationsPerKind = 1_000;

    public static TheoryData<TlpKind> Kinds => [.. Enum.GetValues<TlpKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EncodeThenDecodeGivesTheSameHeaderAndPayload(TlpKind kind)
    {
        TlpGenerators.Tlp(kind).Sample(
            tlp =>
            {
                byte[] wire = Encode(tlp.Header, tlp.Payload);

                TlpHeader decoded = TlpCodec.Decode(wire, out ReadOnlySpan<byte> payload);

                Assert.Equal(tlp.Header, decoded);
                ByteAssert.Equal(tlp.Payload, payload);
            },
            iter: IterationsPerKind);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SizeFromTheFirstDwordEqualsTheEncodedLength(TlpKind kind)
    {
        TlpGenerators.Tlp(kind).Sample(
            tlp =>
            {
                byte[] wire = Encode(tlp.Header, tlp.Payload);

                int size = TlpCodec.TotalSizeFromFirstDword(wire.AsSpan(0, 4));

                Assert.Equal(wire.Length, size);
                Assert.Equal(tlp.Header.TotalSize, size);
            },
            iter: IterationsPerKind);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TryDecodeFindsTheTlpInFrontOfTheNextOne(TlpKind kind)
    {
        TlpGenerators.Tlp(kind).Sample(
            tlp =>
            {
                byte[] wire = Encode(tlp.Header, tlp.Payload);
                byte[] stream = [.. wire, .. wire];

                bool decoded = TlpCodec.TryDecode(stream, out TlpHeader header, out int consumed);

                Assert.True(decoded);
                Assert.Equal(wire.Length, consumed);
                Assert.Equal(tlp.Header, header);
            },
            iter: IterationsPerKind / 4);
    }

    [Fact]
    public void GeneratorProducesEveryKind()
    {
        var kinds = new HashSet<TlpKind>();

        TlpGenerators.AnyTlp.Sample(tlp => { lock (kinds) { kinds.Add(tlp.Header.Kind); } }, iter: 2_000);

        Assert.Equal(Enum.GetValues<TlpKind>().ToHashSet(), kinds);
    }

    private static byte[] Encode(TlpHeader header, byte[] payload)
    {
        byte[] destination = new byte[header.TotalSize];
        int written = TlpCodec.Encode(header, payload, destination);
        Assert.Equal(destination.Length, written);
        return destination;
    }
}
