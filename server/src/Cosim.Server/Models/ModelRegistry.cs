using Cosim.Models.TestDevice;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Models;

/// <summary>
/// The models a configuration can name (<c>Devices:N:Model</c>): name → <see cref="ModelDescriptor"/>.
/// <see cref="CreateDefault"/> registers the built-in models; a model project adds its own with <see cref="Add"/>.
/// </summary>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, ModelDescriptor> _models = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];

    /// <summary>Registered names in registration order (error messages list them).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// The built-in models: <c>cosim-test</c> (<see cref="CosimTestDevice"/>). <c>pci-epf-test</c> and <c>edu</c>
    /// join here when their models land.
    /// </summary>
    public static ModelRegistry CreateDefault()
    {
        var registry = new ModelRegistry();
        registry.Add(new ModelDescriptor(
            "cosim-test",
            "Cosim test device 1234:c05a: scratch registers, MSI-X/MSI/INTx on request, DMA pattern and CRC-32",
            (options, loggers) => new CosimTestDevice(loggers.CreateLogger($"Cosim.Models.{options.Name}"))));
        return registry;
    }

    /// <summary>Registers <paramref name="model"/>; a name can be registered once.</summary>
    public void Add(ModelDescriptor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!_models.TryAdd(model.Name, model))
        {
            throw new ArgumentException($"A model named '{model.Name}' is already registered.", nameof(model));
        }

        _names.Add(model.Name);
    }

    /// <summary>Finds the model called <paramref name="name"/> (case-insensitive).</summary>
    public bool TryGet(string name, out ModelDescriptor model) => _models.TryGetValue(name, out model!);
}
