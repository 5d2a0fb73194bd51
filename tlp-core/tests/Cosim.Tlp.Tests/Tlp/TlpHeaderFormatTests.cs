namespace Cosim.Tlp.Tests.Tlp;

public sealed class TlpHeaderFormatTests
{
    [Fact]
    public void ToStringOfAMemoryReadPrintsEveryFieldInHexWithTheRequesterAsBusDeviceFunction()
    {
        TlpHeader header = TlpHeader.MemoryRead(PcieId.From(0x00, 0x00, 0), 0x12, 0x1_0000_0000, 8);

        string text = header.ToString();

        Assert.Equal("MemoryRead(4DW tc=0 attr=None at=Untranslated len=2 req=00:00.0 tag=0x12 fbe=0xf lbe=0xf addr=0x100000000)", text);
    }

    [Fact]
    public void ToStringOfACompletionPrintsCompleterAndRequesterAsBusDeviceFunction()
    {
        string text = TlpVectors.Named("CplD").Header.ToString();

        Assert.Equal(
            "CompletionWithData(3DW tc=0 attr=None at=Untranslated len=2 cpl=00:00.0 status=SuccessfulCompletion bcm=0 bc=6 req=01:00.0 tag=0x2a la=0x6)",
            text);
    }

    [Fact]
    public void ToStringOfAConfigRequestPrintsTheDestinationAsBusDeviceFunction()
    {
        string text = TlpVectors.Named("CfgWr0").Header.ToString();

        Assert.Contains("req=00:00.0", text, StringComparison.Ordinal);
        Assert.Contains("dest=02:03.1", text, StringComparison.Ordinal);
        Assert.Contains("reg=0x104", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToStringOfAMessagePrintsRoutingCodeAndBytesEightToFifteen()
    {
        string text = TlpVectors.Named("Msg Vendor_Defined Type 0").Header.ToString();

        Assert.Contains("routing=ById code=VendorDefinedType0 bytes8-15=0x01001234cafef00d", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToStringShowsTheFlagsThatAreSet()
    {
        string text = TlpVectors.Named("Every DW0 flag").Header.ToString();

        Assert.Contains("td digest=0x0badf00d", text, StringComparison.Ordinal);
        Assert.Contains(" ep", text, StringComparison.Ordinal);
        Assert.Contains(" th ph=1", text, StringComparison.Ordinal);
        Assert.Contains(" ln", text, StringComparison.Ordinal);
        Assert.Contains("tag=0x3ff", text, StringComparison.Ordinal);
        Assert.Contains("at=Translated", text, StringComparison.Ordinal);
    }
}
