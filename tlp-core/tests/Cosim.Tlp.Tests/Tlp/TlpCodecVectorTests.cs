namespace Cosim.Tlp.Tests.Tlp;

/// <summary>The hand-derived vectors of <see cref="TlpVectors"/>, decoded and encoded byte for byte.</summary>
public sealed class TlpCodecVectorTests
{
    public static TheoryData<string> Vectors => TlpVectors.Names;

    [Theory]
    [MemberData(nameof(Vectors))]
    public void DecodeGivesTheHandDerivedHeaderAndPayload(string name)
    {
        TlpVector vector = TlpVectors.Named(name);

        TlpHeader header = TlpCodec.Decode(vector.Bytes, out ReadOnlySpan<byte> payload);

        Assert.Equal(vector.Header, header);
        ByteAssert.Equal(vector.Payload, payload);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void EncodeGivesTheHandDerivedBytes(string name)
    {
        TlpVector vector = TlpVectors.Named(name);
        byte[] destination = new byte[TlpHeader.MaxTlpBytes];

        int written = TlpCodec.Encode(vector.Header, vector.Payload, destination);

        ByteAssert.Equal(vector.Bytes, destination.AsSpan(0, written));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void EncodeHeaderWritesOnlyTheHeaderDwords(string name)
    {
        TlpVector vector = TlpVectors.Named(name);
        byte[] destination = new byte[TlpHeader.MaxHeaderBytes];

        int written = TlpCodec.EncodeHeader(vector.Header, destination);

        ByteAssert.Equal(vector.HeaderBytes, destination.AsSpan(0, written));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void SizesFromTheFirstDwordAndFromTheHeaderEqualTheVectorLength(string name)
    {
        TlpVector vector = TlpVectors.Named(name);

        int fromFirstDword = TlpCodec.TotalSizeFromFirstDword(vector.Bytes.AsSpan(0, 4));

        Assert.Equal(vector.Bytes.Length, fromFirstDword);
        Assert.Equal(vector.Bytes.Length, vector.Header.TotalSize);
        Assert.Equal(vector.HeaderBytes.Length, vector.Header.HeaderSize);
        Assert.Equal(vector.Payload.Length, vector.Header.PayloadSize);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ValidateAcceptsEveryVectorHeader(string name)
    {
        TlpVector vector = TlpVectors.Named(name);

        Exception? error = Record.Exception(() => TlpCodec.Validate(vector.Header));

        Assert.Null(error);
    }

    [Fact]
    public void VendorDefinedMessageExposesDestinationVendorIdAndVendorData()
    {
        TlpHeader header = TlpVectors.Named("Msg Vendor_Defined Type 0").Header;

        Assert.Equal(PcieId.From(0x01, 0x00, 0), header.MessageDestinationId);
        Assert.Equal((ushort)0x1234, header.MessageVendorId);
        Assert.Equal(0xCAFE_F00Du, header.MessageVendorData);
    }

    [Fact]
    public void ConfigRequestExposesRegisterAndExtendedRegisterNumbers()
    {
        TlpHeader header = TlpVectors.Named("CfgWr1").Header;

        Assert.Equal((byte)0x3F, header.RegisterNumber);
        Assert.Equal((byte)0xF, header.ExtendedRegisterNumber);
    }

    [Fact]
    public void VectorsCoverEveryTlpKindAndBothHeaderSizesOfMemoryRequestsAndAtomics()
    {
        var kinds = new HashSet<TlpKind>();
        var sizes = new HashSet<(bool Memory, bool FourDw)>();
        foreach (TlpVector vector in TlpVectors.All)
        {
            kinds.Add(vector.Header.Kind);
            if (vector.Header.IsMemoryRequest || vector.Header.IsAtomic)
            {
                sizes.Add((vector.Header.IsMemoryRequest, vector.Header.FourDwHeader));
            }
        }

        Assert.Equal(Enum.GetValues<TlpKind>().ToHashSet(), kinds);
        Assert.Equal(4, sizes.Count);
    }
}
