using Cosim.Server.Checking;
using Cosim.Server.Hosting;
using Cosim.Server.Injection;
using Cosim.Server.Tests.Fakes;
using Cosim.Server.Tests.Topology;
using Cosim.Server.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cosim.Server.Tests.Hosting;

/// <summary>How the host stacks the checker, the trace tap and error injection around each model.</summary>
public sealed class CheckingHostTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"cosim-checkhost-{Guid.NewGuid():N}");

    public CheckingHostTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheCheckTlpSwitchPutsACheckerOnEveryDeviceThatDoesNotOptOut()
    {
        string file = Config("""
            { "Name": "a", "Model": "cosim-test", "Attachment": { "VfioUser": { "Socket": "a.sock" } } },
            { "Name": "b", "Model": "cosim-test", "CheckTlp": false, "Attachment": { "VfioUser": { "Socket": "b.sock" } } }
            """);

        using IHost host = CosimHost.Build(new CosimHostOptions { Role = CosimRole.Run, ConfigFile = file, Overrides = new Dictionary<string, string?> { ["CheckTlp:Enabled"] = "true" } });
        IReadOnlyList<HostedDevice> devices = host.Services.GetRequiredService<DeviceHost>().Devices;

        Assert.IsType<CheckingFunction>(devices[0].Function);
        Assert.Same(devices[0].Function, devices[0].Checking);
        Assert.Null(devices[1].Checking);
    }

    [Fact]
    public void InjectionFacesTheLinkAndTheCheckerSitsAtTheModel()
    {
        string file = Config("""
            { "Name": "a", "Model": "cosim-test", "CheckTlp": true, "Inject": [ { "Action": "CA" } ], "Attachment": { "VfioUser": { "Socket": "a.sock" } } }
            """);

        using IHost host = CosimHost.Build(new CosimHostOptions { Role = CosimRole.Run, ConfigFile = file });
        HostedDevice device = Assert.Single(host.Services.GetRequiredService<DeviceHost>().Devices);

        ErrorInjectingFunction injector = Assert.IsType<ErrorInjectingFunction>(device.Function);
        Assert.Equal(InjectionAction.CompleterAbort, Assert.Single(injector.Rules).Action);
        Assert.NotNull(device.Checking);
    }

    [Fact]
    public void AnInjectedCompleterAbortReachesTheModelThroughTheCheckerWithoutAViolation()
    {
        // A registered "scripted" model stands for a device whose DMA read the host answers with CA.
        var device = new ScriptedFunction();
        var registry = TopologyJson.Registry();
        registry.TryGet("cosim-test", out Cosim.Server.Models.ModelDescriptor test);
        registry.Add(test with { Name = "scripted", Create = (_, _) => device });
        TopologyDefinition topology = TopologyReader.Read(
            TopologyJson.Configuration("""
                { "CheckTlp": true,
                  "Devices": [ { "Name": "s", "Model": "scripted", "Inject": [ { "Request": "MemRd", "Nth": 1, "Action": "CA" } ], "Attachment": { "VfioUser": { "Socket": "/tmp/cosim-s.sock" } } } ] }
                """),
            registry);
        using var devices = new DeviceHost(topology, registry, new RecordingLoggerFactory());
        HostedDevice hosted = Assert.Single(devices.Devices);
        var host = new RecordingHost(hosted.Function);
        host.EnableBusMaster();

        device.Read(0x1000, 4, tag: 1);
        device.Read(0x1000, 4, tag: 2);

        Assert.Equal(Tlp.CompletionStatus.CompleterAbort, device.ReceivedCompletions.Single(c => c.Tag == 1).Status);
        Assert.Equal(Tlp.CompletionStatus.SuccessfulCompletion, device.ReceivedCompletions.Single(c => c.Tag == 2).Status);
        Assert.Empty(hosted.Checking!.Violations);
        Assert.True(hosted.Checking.Checker.BusMasterEnable);
    }

    private string Config(string devices)
    {
        string path = Path.Combine(_directory, "topology.json");
        File.WriteAllText(path, $$"""{ "Devices": [ {{devices.Replace("a.sock", Path.Combine(_directory, "a.sock"), StringComparison.Ordinal).Replace("b.sock", Path.Combine(_directory, "b.sock"), StringComparison.Ordinal)}} ] }""");
        return path;
    }
}
