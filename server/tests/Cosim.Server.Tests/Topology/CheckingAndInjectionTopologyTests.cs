using Cosim.Server.Checking;
using Cosim.Server.Injection;
using Cosim.Server.Topology;

namespace Cosim.Server.Tests.Topology;

/// <summary>The <c>CheckTlp</c> and <c>Devices:N:Inject</c> keys: what they mean, and every refusal naming its key.</summary>
public sealed class CheckingAndInjectionTopologyTests
{
    [Fact]
    public void CheckingIsOffWithoutTheKey()
    {
        TopologyDefinition topology = TopologyJson.Read(Topology(device: ""));

        Assert.False(topology.Checking.Enabled);
        Assert.False(topology.ChecksTlp(topology.Devices[0]));
    }

    [Fact]
    public void CheckTlpTrueChecksEveryDeviceWithTheDefaultTimeout()
    {
        TopologyDefinition topology = TopologyJson.Read(Topology(device: "", top: "\"CheckTlp\": true,"));

        Assert.True(topology.ChecksTlp(topology.Devices[0]));
        Assert.Equal(CheckTlpSettings.DefaultCompletionTimeout, topology.Checking.CompletionTimeout);
    }

    [Fact]
    public void TheObjectFormSetsTheCompletionTimeout()
    {
        TopologyDefinition topology = TopologyJson.Read(Topology(device: "", top: "\"CheckTlp\": { \"CompletionTimeoutMilliseconds\": 250 },"));

        Assert.True(topology.Checking.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(250), topology.Checking.CompletionTimeout);
    }

    [Fact]
    public void ADeviceCanOptOutAndTheCommandLineSwitchTurnsCheckingOn()
    {
        var overrides = new Dictionary<string, string?> { ["CheckTlp:Enabled"] = "true" }; // what --check-tlp sets
        TopologyDefinition topology = TopologyJson.Read(Topology(device: "\"CheckTlp\": false,", top: "\"CheckTlp\": false,"), overrides);

        Assert.True(topology.Checking.Enabled);
        Assert.False(topology.ChecksTlp(topology.Devices[0]));
    }

    [Theory]
    [InlineData("\"CheckTlp\": \"yes\",", "", "CheckTlp")]
    [InlineData("\"CheckTlp\": { \"Enable\": true },", "", "CheckTlp:Enable")]
    [InlineData("\"CheckTlp\": { \"CompletionTimeoutMilliseconds\": 0 },", "", "CheckTlp:CompletionTimeoutMilliseconds")]
    [InlineData("", "\"CheckTlp\": \"sometimes\",", "Devices:0:CheckTlp")]
    public void BadCheckTlpValuesAreRefusedByKey(string top, string device, string key) =>
        Assert.Equal(key, Assert.Single(TopologyJson.Errors(Topology(device, top))).KeyPath);

    [Fact]
    public void InjectRulesAreReadInOrderWithTheirMatchAndAction()
    {
        TopologyDefinition topology = TopologyJson.Read(Topology(device: """
            "Inject": [
              { "Request": "MemRd", "Address": "0x1000-0x1fff", "Nth": 2, "Action": "CA" },
              { "Request": "memwr", "Count": 3, "Action": "Delay", "DelayMilliseconds": 15 },
              { "Action": "poison" }
            ],
            """));

        IReadOnlyList<InjectionRule> rules = topology.Devices[0].InjectionRules;
        Assert.Equal(3, rules.Count);
        Assert.Equal(new InjectionRule("Devices:0:Inject:0", InjectionRequestKind.MemoryRead, 0x1000, 0x1FFF, 2, 1, InjectionAction.CompleterAbort, TimeSpan.Zero), rules[0]);
        Assert.Equal(new InjectionRule("Devices:0:Inject:1", InjectionRequestKind.MemoryWrite, 0, ulong.MaxValue, 1, 3, InjectionAction.Delay, TimeSpan.FromMilliseconds(15)), rules[1]);
        Assert.Equal(new InjectionRule("Devices:0:Inject:2", InjectionRequestKind.MemoryRead, 0, ulong.MaxValue, 1, null, InjectionAction.Poison, TimeSpan.Zero), rules[2]);
    }

    [Theory]
    [InlineData("""{ "Request": "MemRd" }""", "Devices:0:Inject:0:Action", "missing")]
    [InlineData("""{ "Action": "explode" }""", "Devices:0:Inject:0:Action", "not an action")]
    [InlineData("""{ "Request": "CfgRd", "Action": "CA" }""", "Devices:0:Inject:0:Request", "MemRd")]
    [InlineData("""{ "Address": "0x2000-0x1000", "Action": "CA" }""", "Devices:0:Inject:0:Address", "below the first")]
    [InlineData("""{ "Address": "low", "Action": "CA" }""", "Devices:0:Inject:0:Address", "not an address range")]
    [InlineData("""{ "Nth": 0, "Action": "CA" }""", "Devices:0:Inject:0:Nth", "out of range")]
    [InlineData("""{ "Count": -1, "Action": "CA" }""", "Devices:0:Inject:0:Count", "not a number")]
    [InlineData("""{ "Action": "Delay" }""", "Devices:0:Inject:0:DelayMilliseconds", "missing")]
    [InlineData("""{ "Action": "Drop", "DelayMilliseconds": 5 }""", "Devices:0:Inject:0:DelayMilliseconds", "only the Delay action")]
    [InlineData("""{ "Action": "CA", "When": "always" }""", "Devices:0:Inject:0:When", "unknown key")]
    public void BadInjectRulesAreRefusedByKey(string rule, string key, string reason)
    {
        ConfigurationError error = Assert.Single(TopologyJson.Errors(Topology(device: $"\"Inject\": [ {rule} ],")));

        Assert.Equal(key, error.KeyPath);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void InjectMustBeAnArray() =>
        Assert.Equal("Devices:0:Inject", Assert.Single(TopologyJson.Errors(Topology(device: "\"Inject\": \"CA\","))).KeyPath);

    private static string Topology(string device, string top = "") => $$"""
        {
          {{top}}
          "Devices": [ { {{device}} "Name": "d0", "Model": "cosim-test", "Attachment": { "VfioUser": { "Socket": "/tmp/cosim-d0.sock" } } } ]
        }
        """;
}
