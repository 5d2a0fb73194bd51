using Cosim.Models.Edu;
using Cosim.Models.Nvme;
using Cosim.Models.PciEpfTest;
using Cosim.Models.TestDevice;
using Cosim.Server.Hosting;
using Cosim.Server.Models;
using Cosim.Server.Topology;
using Cosim.Tlp;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cosim.Server.Tests.Models;

public sealed class BuiltInModelsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cosim-models-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("pci-epf-test", typeof(PciEpfTestDevice))]
    [InlineData("edu", typeof(EduDevice))]
    [InlineData("cosim-test", typeof(CosimTestDevice))]
    [InlineData("PCI-EPF-TEST", typeof(PciEpfTestDevice))]
    public void TheDefaultRegistryCreatesEachBuiltInModel(string name, Type expected)
    {
        Assert.True(ModelRegistry.CreateDefault().TryGet(name, out ModelDescriptor model));

        IPcieFunction function = model.Create(Options(name), NullLoggerFactory.Instance);

        Assert.IsType(expected, function);
    }

    [Fact]
    public void NvmeIsBackedByTheNamedFileOfTheConfiguredSize()
    {
        string file = Path.Combine(_directory, "ns.img");
        ModelRegistry.CreateDefault().TryGet("nvme", out ModelDescriptor model);

        using var controller = (NvmeController)model.Create(Options("nvme", ("Namespace", file), ("NamespaceSize", "8M")), NullLoggerFactory.Instance);

        Assert.Equal((8L << 20) / 512, controller.BlockCount);
        Assert.Equal(8L << 20, new FileInfo(file).Length);
    }

    [Theory]
    [InlineData(new string[0], "Namespace", "missing")]
    [InlineData(new[] { "NamespaceSize", "5000" }, "NamespaceSize", "multiple")]
    [InlineData(new[] { "LogicalBlockSize", "1024" }, "LogicalBlockSize", "512 or 4096")]
    [InlineData(new[] { "IoQueues", "0" }, "IoQueues", "out of range")]
    public void NvmeRefusalsNameTheOption(string[] option, string key, string reason)
    {
        ModelRegistry.CreateDefault().TryGet("nvme", out ModelDescriptor model);
        var values = new List<(string, string)>();
        if (option.Length == 2)
        {
            values.Add(("Namespace", Path.Combine(_directory, "ns.img")));
            values.Add((option[0], option[1]));
        }

        ModelOptionException error = Assert.Throws<ModelOptionException>(() => model.Create(Options("nvme", [.. values]), NullLoggerFactory.Instance));

        Assert.Equal(key, error.Key);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EduTakesItsDmaMaskOption()
    {
        ModelRegistry.CreateDefault().TryGet("edu", out ModelDescriptor model);

        ModelOptionException error = Assert.Throws<ModelOptionException>(() => model.Create(Options("edu", ("DmaMask", "bits")), NullLoggerFactory.Instance));

        Assert.Equal("DmaMask", error.Key);
    }

    [Fact]
    public void RtlModelsAreFoundByDirectoryNameOnTheSearchPath()
    {
        string model = Directory.CreateDirectory(Path.Combine(_directory, "my-dev")).FullName;
        File.WriteAllText(Path.Combine(model, "my_dev.json"), "{}");
        File.WriteAllText(Path.Combine(_directory, "other.json"), "{}");
        var registry = new ModelRegistry { Rtl = new RtlModels([Path.Combine(_directory, "missing"), _directory]) };

        Assert.True(registry.TryGet("rtl:my-dev", out ModelDescriptor found));
        Assert.Equal(("rtl:my-dev", true), (found.Name, found.Description.EndsWith(Path.Combine(model, "my_dev.json"), StringComparison.Ordinal)));
        Assert.True(registry.TryGet("rtl:other", out _));
        Assert.Equal(["my-dev", "other"], registry.Rtl.Names());
    }

    [Theory]
    [InlineData("rtl:nosuch")]
    [InlineData("rtl:../etc")]
    [InlineData("rtl:")]
    public void AnUnknownRtlModelNamesTheSearchPath(string name)
    {
        var registry = new ModelRegistry { Rtl = new RtlModels([_directory]) };

        Assert.False(registry.TryGet(name, out _));
        Assert.Contains($"in {_directory} (set COSIM_RTL_PATH", registry.ExplainUnknown(name), StringComparison.Ordinal);
    }

    [Fact]
    public void ThePciEpfTestRtlShipsBesideTheServer()
    {
        Assert.True(ModelRegistry.CreateDefault().TryGet("rtl:pci-epf-test", out ModelDescriptor model));
        Assert.Contains(Path.Combine("rtl", "pci-epf-test", "pci_epf_test.json"), model.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void RtlNamesCannotBeRegisteredOneByOne()
    {
        ModelRegistry.CreateDefault().TryGet("edu", out ModelDescriptor edu);

        Assert.Throws<ArgumentException>(() => ModelRegistry.CreateDefault().Add(edu with { Name = "rtl:edu" }));
    }

    [Fact]
    public void TheHostDisposesModelsThatHoldResources()
    {
        string file = Path.Combine(_directory, "ns.img");
        var definition = new DeviceDefinition(0, "nvme0", "nvme", IdentityOverrides.None,
            new Dictionary<string, string> { ["Namespace"] = file, ["NamespaceSize"] = "1M" }, new DeviceAttachment(AttachmentKind.Tcp, null, DeviceAttachment.DefaultSocketMode));
        var topology = new TopologyDefinition([definition], new LinkSettings(), null);

        new DeviceHost(topology, ModelRegistry.CreateDefault(), NullLoggerFactory.Instance).Dispose();
        using var again = new DeviceHost(topology, ModelRegistry.CreateDefault(), NullLoggerFactory.Instance);

        Assert.Single(again.Devices);
    }

    private static DeviceOptions Options(string name, params (string Key, string Value)[] values) =>
        new(name, 0, IdentityOverrides.None, values.ToDictionary(v => v.Key, v => v.Value));
}
