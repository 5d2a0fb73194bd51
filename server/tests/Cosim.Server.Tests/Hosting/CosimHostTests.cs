using Cosim.Server.Hosting;
using Cosim.Server.Models;
using Cosim.Server.Topology;
using Microsoft.Extensions.Hosting;

namespace Cosim.Server.Tests.Hosting;

public sealed class CosimHostTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"cosim-host-{Guid.NewGuid():N}");

    public CosimHostTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void MissingConfigFileIsNamed()
    {
        TopologyException error = Assert.Throws<TopologyException>(() => CosimHost.Build(new CosimHostOptions { Role = CosimRole.Run, ConfigFile = Path.Combine(_directory, "none.json") }));

        Assert.Equal("--config", Assert.Single(error.Errors).KeyPath);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJsonIsNamed()
    {
        string file = Config("{ \"Devices\": [ ");

        TopologyException error = Assert.Throws<TopologyException>(() => CosimHost.Build(new CosimHostOptions { Role = CosimRole.Run, ConfigFile = file }));

        Assert.Contains("is not valid JSON", Assert.Single(error.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RunNeedsAConfigFile()
    {
        TopologyException error = Assert.Throws<TopologyException>(() => CosimHost.Build(new CosimHostOptions { Role = CosimRole.Run }));

        Assert.Equal("--config", Assert.Single(error.Errors).KeyPath);
    }

    [Fact]
    public void SetWithoutEqualsIsRefused()
    {
        string file = Config(Device("a", "VfioUser", "a.sock"));

        TopologyException error = Assert.Throws<TopologyException>(() => CosimHost.Build(new CosimHostOptions { Role = CosimRole.Run, ConfigFile = file, Settings = ["Link:Listen"] }));

        Assert.Equal("--set", Assert.Single(error.Errors).KeyPath);
    }

    [Fact]
    public void SetOverridesTheFileAndEnvironmentOverridesTheFile()
    {
        string file = Config(Device("a", "Tcp", "a.sock"), """ "Link": { "Listen": "127.0.0.1:7000" } """);
        Environment.SetEnvironmentVariable("COSIM_Link__IdleTimeoutSeconds", "7");
        try
        {
            using IHost host = CosimHost.Build(new CosimHostOptions { Role = CosimRole.Serve, ConfigFile = file, Settings = ["Link:Listen=127.0.0.1:7001"] });
            var topology = (TopologyDefinition)host.Services.GetService(typeof(TopologyDefinition))!;

            Assert.Equal(7001, topology.Link.Listen.Port);
            Assert.Equal(TimeSpan.FromSeconds(7), topology.Link.IdleTimeout);
        }
        finally
        {
            Environment.SetEnvironmentVariable("COSIM_Link__IdleTimeoutSeconds", null);
        }
    }

    [Fact]
    public void RunNeedsASocketForTcpDevices()
    {
        string file = Config("""{ "Name": "a", "Model": "cosim-test", "Attachment": { "Tcp": { } } }""");

        TopologyException error = Assert.Throws<TopologyException>(() => CosimHost.Build(new CosimHostOptions { Role = CosimRole.Run, ConfigFile = file }));

        Assert.Equal("Devices:0:Attachment:Tcp:Socket", Assert.Single(error.Errors).KeyPath);
    }

    [Fact]
    public void ServeNeedsATcpDevice()
    {
        string file = Config(Device("a", "VfioUser", "a.sock"));

        TopologyException error = Assert.Throws<TopologyException>(() => CosimHost.Build(new CosimHostOptions { Role = CosimRole.Serve, ConfigFile = file }));

        Assert.Equal("Devices", Assert.Single(error.Errors).KeyPath);
    }

    [Fact]
    public void ModelRefusingAnOptionNamesTheOptionKey()
    {
        string file = Config("""{ "Name": "a", "Model": "picky", "Options": { "Size": "3" }, "Attachment": { "Tcp": { } } }""");
        ModelRegistry registry = ModelRegistry.CreateDefault();
        registry.Add(new ModelDescriptor("picky", "refuses odd sizes", (options, _) => throw new ModelOptionException("Size", "must be a power of two")) { OptionKeys = ["Size"] });

        TopologyException error = Assert.Throws<TopologyException>(() => CosimHost.Build(new CosimHostOptions { Role = CosimRole.Serve, ConfigFile = file, Registry = registry }));

        ConfigurationError only = Assert.Single(error.Errors);
        Assert.Equal(("Devices:0:Options:Size", "must be a power of two"), (only.KeyPath, only.Reason));
    }

    [Theory]
    [InlineData("nosuch", null, "--device", "'nosuch' is not a device; known: a")]
    [InlineData(null, "/tmp/x.sock", "--socket", "needs --device")]
    public void EndpointDeviceMistakesAreNamed(string? device, string? socket, string keyPath, string reason)
    {
        string file = Config("""{ "Name": "a", "Model": "cosim-test", "Attachment": { "Tcp": { } } }""");

        TopologyException error = Assert.Throws<TopologyException>(() => CosimHost.Build(new CosimHostOptions { Role = CosimRole.Endpoint, ConfigFile = file, EndpointDevice = device, EndpointSocket = socket }));

        ConfigurationError only = Assert.Single(error.Errors);
        Assert.Equal(keyPath, only.KeyPath);
        Assert.Contains(reason, only.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointWithoutConfigTakesADeviceIndexAndSocket()
    {
        using IHost host = CosimHost.Build(new CosimHostOptions { Role = CosimRole.Endpoint, EndpointDevice = "2", EndpointSocket = Path.Combine(_directory, "e.sock") });

        Assert.NotNull(host);
    }

    [Fact]
    public void EndpointWithoutConfigRefusesADeviceName()
    {
        TopologyException error = Assert.Throws<TopologyException>(() => CosimHost.Build(new CosimHostOptions { Role = CosimRole.Endpoint, EndpointDevice = "nvme0", EndpointSocket = "/tmp/x.sock" }));

        Assert.Contains("give --config with the server's topology", Assert.Single(error.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOpensEverySocketAndRemovesThemAtStop()
    {
        string file = Config(Device("a", "VfioUser", "a.sock"), null, Device("b", "Tcp", "b.sock"));
        using IHost host = CosimHost.Build(new CosimHostOptions { Role = CosimRole.Run, ConfigFile = file });

        await host.StartAsync();
        bool[] opened = [File.Exists(Path.Combine(_directory, "a.sock")), File.Exists(Path.Combine(_directory, "b.sock"))];
        await host.StopAsync();

        Assert.Equal([true, true], opened);
        Assert.False(File.Exists(Path.Combine(_directory, "a.sock")));
        Assert.False(File.Exists(Path.Combine(_directory, "b.sock")));
    }

    private string Device(string name, string attachment, string socket) =>
        $$"""{ "Name": "{{name}}", "Model": "cosim-test", "Attachment": { "{{attachment}}": { "Socket": "{{Path.Combine(_directory, socket)}}" } } }""";

    private string Config(string device, string? extra = null, string? secondDevice = null)
    {
        string devices = secondDevice is null ? device : $"{device}, {secondDevice}";
        string json = device.TrimStart().StartsWith('{') && !device.Contains("\"Devices\"", StringComparison.Ordinal) && device.Contains("\"Model\"", StringComparison.Ordinal)
            ? $$"""{ "Devices": [ {{devices}} ] {{(extra is null ? string.Empty : "," + extra)}} }"""
            : device;
        string path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
