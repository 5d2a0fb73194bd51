using Microsoft.Extensions.Logging;

namespace Cosim.Server.Models;

/// <summary>
/// The models a configuration can name (<c>Devices:N:Model</c>): name → <see cref="ModelDescriptor"/>.
/// <see cref="CreateDefault"/> registers the built-in models; a model project adds its own with <see cref="Add"/>.
/// Names with the prefix <c>rtl:</c> are not registered one by one: <c>rtl:&lt;name&gt;</c> is resolved against the
/// <see cref="RtlModels"/> search path when a configuration names it.
/// </summary>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, ModelDescriptor> _models = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];

    /// <summary>Registered names in registration order (error messages list them).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Where <c>rtl:&lt;name&gt;</c> models are looked up; null when this registry offers no RTL models.</summary>
    public RtlModels? Rtl { get; init; }

    /// <summary>
    /// The built-in models (<see cref="BuiltInModels"/>: <c>cosim-test</c>, <c>pci-epf-test</c>, <c>edu</c>,
    /// <c>nvme</c>) and the RTL models found on the default search path.
    /// </summary>
    public static ModelRegistry CreateDefault()
    {
        var registry = new ModelRegistry { Rtl = RtlModels.CreateDefault() };
        foreach (ModelDescriptor model in BuiltInModels.All)
        {
            registry.Add(model);
        }

        return registry;
    }

    /// <summary>Registers <paramref name="model"/>; a name can be registered once.</summary>
    public void Add(ModelDescriptor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Name.StartsWith(RtlModels.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{model.Name}': names starting with '{RtlModels.Prefix}' are resolved from the RTL search path, not registered.", nameof(model));
        }

        if (!_models.TryAdd(model.Name, model))
        {
            throw new ArgumentException($"A model named '{model.Name}' is already registered.", nameof(model));
        }

        _names.Add(model.Name);
    }

    /// <summary>Finds the model called <paramref name="name"/> (case-insensitive), including <c>rtl:&lt;name&gt;</c>.</summary>
    public bool TryGet(string name, out ModelDescriptor model)
    {
        if (_models.TryGetValue(name, out model!))
        {
            return true;
        }

        if (Rtl is not null && name.StartsWith(RtlModels.Prefix, StringComparison.OrdinalIgnoreCase)
            && Rtl.TryGet(name[RtlModels.Prefix.Length..], out model))
        {
            return true;
        }

        model = null!;
        return false;
    }

    /// <summary>Why <paramref name="name"/> is not a model: the known names, and for <c>rtl:</c> where RTL was looked for.</summary>
    public string ExplainUnknown(string name)
    {
        if (name.StartsWith(RtlModels.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Rtl is null
                ? $"unknown model '{name}': this registry has no RTL models"
                : $"unknown model '{name}': {Rtl.ExplainMissing(name[RtlModels.Prefix.Length..])}";
        }

        return $"unknown model '{name}'; known: {KnownModels()}";
    }

    /// <summary>Every model name a configuration can use: the registered ones, then the RTL models found.</summary>
    public string KnownModels() =>
        string.Join(", ", _names.Concat(Rtl?.Names().Select(n => RtlModels.Prefix + n) ?? []));
}
