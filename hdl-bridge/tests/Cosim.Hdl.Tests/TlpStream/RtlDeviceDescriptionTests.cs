using Cosim.Hdl.TlpStream;
using Cosim.Tlp;
using Cosim.Tlp.Config;

namespace Cosim.Hdl.Tests.TlpStream;

public sealed class RtlDeviceDescriptionTests
{
    private const string Minimal = """
        { "rtl": { "top": "t", "sources": ["t.sv"] }, "identity": { "vendorId": "0x1af4", "deviceId": 4096, "classCode": "0xff0000" } }
        """;

    [Fact]
    public void AMinimalDescriptionHasPowerManagementAndPciExpressAndResolvesSourcesBesideTheFile()
    {
        RtlDeviceDescription description = RtlDeviceDescription.Parse(Minimal, "/rtl/dev/t.json");

        Assert.Equal(new FunctionIdentity(0x1AF4, 0x1000, 0xFF0000), description.Identity);
        Assert.Equal(["/rtl/dev/t.sv"], description.Design.Sources);
        Assert.Equal(["Power Management", "PCI Express"], description.Capabilities.Select(c => c.Name));
        Assert.Empty(description.Bars);
    }

    [Fact]
    public void TheTestDesignsDescriptionDeclaresItsBarsAndInterrupts()
    {
        RtlDeviceDescription description = RtlDeviceDescription.Load(TestDesigns.PathOf("tlp_regfile.json"));

        Assert.Equal([(0, 4096UL, BarKind.Memory32), (2, 4096UL, BarKind.Memory64)], description.Bars.Select(b => (b.Index, b.Size, b.Kind)));
        Assert.Equal(["Power Management", "MSI", "MSI-X", "PCI Express"], description.Capabilities.Select(c => c.Name));
        Assert.Equal(InterruptPin.IntA, description.Identity.InterruptPin);
    }

    [Theory]
    [InlineData("\"4 KiB\"", 4096UL)]
    [InlineData("\"0x2000\"", 8192UL)]
    [InlineData("16384", 16384UL)]
    [InlineData("\"1 MiB\"", 1048576UL)]
    public void BarSizesAreNumbersHexOrWithAUnit(string size, ulong expected)
    {
        string json = Minimal.Replace("\"identity\"", $"\"bars\": [{{ \"index\": 0, \"size\": {size} }}], \"identity\"", StringComparison.Ordinal);

        RtlDeviceDescription description = RtlDeviceDescription.Parse(json, "t.json");

        Assert.Equal(expected, Assert.Single(description.Bars).Size);
    }

    [Theory]
    [InlineData("\"identity\": {", "\"identitty\": {}, \"identity\": {", "identitty")]
    [InlineData("\"vendorId\": \"0x1af4\"", "\"vendorId\": \"0xffff\"", "identity.vendorId")]
    [InlineData("\"deviceId\": 4096", "\"deviceId\": 70000", "identity.deviceId")]
    [InlineData("\"deviceId\": 4096", "\"deviceId\": \"lots\"", "identity.deviceId")]
    [InlineData("\"sources\": [\"t.sv\"]", "\"sources\": []", "rtl.sources")]
    [InlineData("\"top\": \"t\", ", "", "rtl.top")]
    [InlineData("\"identity\"", "\"msix\": { \"tableSize\": 4, \"tableBar\": 1, \"tableOffset\": 0, \"pbaBar\": 1, \"pbaOffset\": 64 }, \"identity\"", "msix.tableBar")]
    [InlineData("\"identity\"", "\"bars\": [{ \"index\": 0, \"size\": 100 }], \"identity\"", "bars[0]")]
    [InlineData("\"identity\"", "\"msi\": { \"vectors\": 64 }, \"identity\"", "msi.vectors")]
    [InlineData("\"identity\"", "\"pciExpress\": { \"maxPayloadSize\": 300 }, \"identity\"", "pciExpress.maxPayloadSize")]
    public void ABadDescriptionFailsNamingTheKey(string original, string replacement, string key)
    {
        string json = Minimal.Replace(original, replacement, StringComparison.Ordinal);

        RtlConfigurationException thrown = Assert.Throws<RtlConfigurationException>(() => RtlDeviceDescription.Parse(json, "bad.json"));

        Assert.Equal(key, thrown.Key);
        Assert.StartsWith($"bad.json: {key}: ", thrown.Message, StringComparison.Ordinal);
    }
}
