using System.Reflection;

namespace Cosim.Cli.Tests;

/// <summary>
/// Layers know only the layer below: tlp-core references no other Cosim assembly, models never reference a
/// transport, and transports never reference a model. Only the composition roots (the CLI, the server) see both.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string[] s_transports = ["Cosim.VfioUser", "Cosim.Qemu", "Cosim.Server", "Cosim.Cli"];
    private static readonly string[] s_models = ["Cosim.Device", "Cosim.Models"];

    [Fact]
    public void TlpCoreReferencesNoOtherCosimAssembly()
    {
        Assert.Empty(CosimReferencesOf("Cosim.Tlp"));
    }

    [Theory]
    [InlineData("Cosim.Device")]
    [InlineData("Cosim.Models")]
    public void ModelsReferenceNoTransport(string model)
    {
        Assert.Empty(CosimReferencesOf(model).Intersect(s_transports));
    }

    [Theory]
    [InlineData("Cosim.VfioUser")]
    [InlineData("Cosim.Qemu")]
    public void TransportsReferenceNoModel(string transport)
    {
        Assert.Empty(CosimReferencesOf(transport).Intersect(s_models));
    }

    private static string[] CosimReferencesOf(string assemblyName) =>
        [.. Assembly.Load(assemblyName).GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => name.StartsWith("Cosim.", StringComparison.Ordinal))];
}
