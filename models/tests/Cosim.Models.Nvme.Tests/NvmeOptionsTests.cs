namespace Cosim.Models.Nvme.Tests;

public sealed class NvmeOptionsTests
{
    private static NvmeOptions Valid => new() { NamespacePath = "/tmp/x.img", NamespaceSize = 1 << 20 };

    [Fact]
    public void ValidOptionsPass()
    {
        Valid.Validate();
    }

    public static TheoryData<NvmeOptions, string> InvalidOptions => new()
    {
        { new NvmeOptions { NamespacePath = "" }, nameof(NvmeOptions.NamespacePath) },
        { new NvmeOptions { NamespacePath = "/tmp/x.img", LogicalBlockSize = 1024 }, nameof(NvmeOptions.LogicalBlockSize) },
        { new NvmeOptions { NamespacePath = "/tmp/x.img", NamespaceSize = 0 }, nameof(NvmeOptions.NamespaceSize) },
        { new NvmeOptions { NamespacePath = "/tmp/x.img", NamespaceSize = 1000 }, nameof(NvmeOptions.NamespaceSize) },
        { new NvmeOptions { NamespacePath = "/tmp/x.img", NamespaceSize = 4096, LogicalBlockSize = 4096, IoQueueCount = 0 }, nameof(NvmeOptions.IoQueueCount) },
        { new NvmeOptions { NamespacePath = "/tmp/x.img", IoQueueCount = 512 }, nameof(NvmeOptions.IoQueueCount) },
        { new NvmeOptions { NamespacePath = "/tmp/x.img", MsixVectors = 0 }, nameof(NvmeOptions.MsixVectors) },
        { new NvmeOptions { NamespacePath = "/tmp/x.img", MsixVectors = 257 }, nameof(NvmeOptions.MsixVectors) },
        { new NvmeOptions { NamespacePath = "/tmp/x.img", SerialNumber = new string('S', 21) }, nameof(NvmeOptions.SerialNumber) },
        { new NvmeOptions { NamespacePath = "/tmp/x.img", SerialNumber = "" }, nameof(NvmeOptions.SerialNumber) },
        { new NvmeOptions { NamespacePath = "/tmp/x.img", ModelNumber = "Model\u00e9" }, nameof(NvmeOptions.ModelNumber) },
        { new NvmeOptions { NamespacePath = "/tmp/x.img", FirmwareRevision = "123456789" }, nameof(NvmeOptions.FirmwareRevision) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void InvalidOptionsNameTheProperty(NvmeOptions options, string property)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(property, error.ParamName);
        Assert.Contains("NvmeOptions." + property, error.Message);
    }

    [Fact]
    public void TheDerivedSerialNumberIsStablePerFileAndDiffersBetweenFiles()
    {
        var first = new NvmeOptions { NamespacePath = "/tmp/a.img" };
        var again = new NvmeOptions { NamespacePath = "/tmp/a.img" };
        var other = new NvmeOptions { NamespacePath = "/tmp/b.img" };

        Assert.Equal(first.EffectiveSerialNumber, again.EffectiveSerialNumber);
        Assert.NotEqual(first.EffectiveSerialNumber, other.EffectiveSerialNumber);
        Assert.Equal(20, first.EffectiveSerialNumber.Length);
    }
}
