namespace Cosim.Tlp.Tests.Tlp;

/// <summary>
/// "Incomplete" and "wrong" are different answers: every proper prefix of a valid TLP is "need more bytes"
/// for <see cref="TlpCodec.TryDecode"/> and <see cref="TlpRule.Truncated"/> for <see cref="TlpCodec.Decode"/>;
/// bytes after the TLP are left unconsumed by <c>TryDecode</c> and are <see cref="TlpRule.TrailingBytes"/> for <c>Decode</c>.
/// </summary>
public sealed class TlpCodecFramingTests
{
    public static TheoryData<string> Vectors => TlpVectors.Names;

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TryDecodeConsumesNothingFromAnyProperPrefix(string name)
    {
        byte[] tlp = TlpVectors.Named(name).Bytes;

        for (int length = 0; length < tlp.Length; length++)
        {
            bool decoded = TlpCodec.TryDecode(tlp.AsSpan(0, length), out TlpHeader header, out int consumed);

            Assert.False(decoded, $"prefix of {length} bytes");
            Assert.Equal(0, consumed);
            Assert.Equal(default, header);
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void DecodeRejectsAnyProperPrefixAsTruncated(string name)
    {
        byte[] tlp = TlpVectors.Named(name).Bytes;

        for (int length = 0; length < tlp.Length; length++)
        {
            byte[] prefix = tlp[..length];

            TlpFormatException error = Assert.Throws<TlpFormatException>(() => TlpCodec.Decode(prefix, out _));

            Assert.Equal(TlpRule.Truncated, error.Rule);
            Assert.Equal(length < 4 ? "DW0" : "Length", error.Field);
            Assert.Equal((ulong)length, error.Value);
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TryDecodeConsumesExactlyTheTlpAndLeavesTheByteAfterIt(string name)
    {
        TlpVector vector = TlpVectors.Named(name);
        byte[] input = [.. vector.Bytes, 0x5A];

        bool decoded = TlpCodec.TryDecode(input, out TlpHeader header, out int consumed);

        Assert.True(decoded);
        Assert.Equal(vector.Bytes.Length, consumed);
        Assert.Equal(vector.Header, header);
        ByteAssert.Equal(vector.Payload, input.AsSpan(header.HeaderSize, header.PayloadSize));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void DecodeRejectsATrailingByteAsTrailingBytes(string name)
    {
        byte[] input = [.. TlpVectors.Named(name).Bytes, 0x5A];

        TlpFormatException error = Assert.Throws<TlpFormatException>(() => TlpCodec.Decode(input, out _));

        Assert.Equal(TlpRule.TrailingBytes, error.Rule);
        Assert.Equal("Length", error.Field);
    }

    [Fact]
    public void TryDecodeReadsBackToBackTlpsOneAtATime()
    {
        TlpVector[] vectors = [.. TlpVectors.All];
        byte[] stream = vectors.SelectMany(v => v.Bytes).ToArray();
        var decoded = new List<TlpHeader>();

        ReadOnlySpan<byte> rest = stream;
        while (TlpCodec.TryDecode(rest, out TlpHeader header, out int consumed))
        {
            decoded.Add(header);
            rest = rest[consumed..];
        }

        Assert.Equal(0, rest.Length);
        Assert.Equal(vectors.Select(v => v.Header), decoded);
    }

    [Fact]
    public void ExceptionKeepsAtMostTheSixteenHeaderBytes()
    {
        byte[] input = [.. TlpVectors.Named("Length 1024 MWr").Bytes, 0x5A];

        TlpFormatException error = Assert.Throws<TlpFormatException>(() => TlpCodec.Decode(input, out _));

        ByteAssert.Equal(input.AsSpan(0, TlpHeader.MaxHeaderBytes), error.HeaderBytes);
    }
}
