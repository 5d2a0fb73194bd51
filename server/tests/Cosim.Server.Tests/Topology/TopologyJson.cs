using System.Text;
using Cosim.Server.Models;
using Cosim.Server.Topology;
using Microsoft.Extensions.Configuration;

namespace Cosim.Server.Tests.Topology;

/// <summary>Reads a topology from JSON text the way the host does (plus optional overrides, as the command line adds).</summary>
internal static class TopologyJson
{
    public static IConfiguration Configuration(string json, IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder.Build();
    }

    public static TopologyDefinition Read(string json, IDictionary<string, string?>? overrides = null) =>
        TopologyReader.Read(Configuration(json, overrides), Registry());

    /// <summary>The default models plus "overridable", a cosim-test that accepts identity overrides and a Size option.</summary>
    public static ModelRegistry Registry()
    {
        ModelRegistry registry = ModelRegistry.CreateDefault();
        registry.TryGet("cosim-test", out ModelDescriptor test);
        registry.Add(test with { Name = "overridable", AcceptsIdentityOverrides = true, OptionKeys = ["Size"] });
        return registry;
    }

    public static IReadOnlyList<ConfigurationError> Errors(string json) =>
        Assert.Throws<TopologyException>(() => Read(json)).Errors;
}
