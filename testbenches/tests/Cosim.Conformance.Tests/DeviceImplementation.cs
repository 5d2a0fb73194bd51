using Cosim.Tlp;
using Xunit.Abstractions;

namespace Cosim.Conformance.Tests;

/// <summary>
/// One implementation of a device: a name for the test report and a factory for a fresh <see cref="IPcieFunction"/>.
/// Serializable by (device, name), so each implementation shows up as its own test case.
/// </summary>
public sealed class DeviceImplementation : IXunitSerializable
{
    private Func<IPcieFunction>? _create;

    /// <summary>For the xunit serializer only.</summary>
    public DeviceImplementation()
    {
        Device = string.Empty;
        Name = string.Empty;
    }

    public DeviceImplementation(string device, string name, Func<IPcieFunction> create)
    {
        Device = device;
        Name = name;
        _create = create;
    }

    /// <summary>Which device this implements ("pci-epf-test", "edu").</summary>
    public string Device { get; private set; }

    /// <summary>Which implementation ("behavioral", "rtl").</summary>
    public string Name { get; private set; }

    /// <summary>A new, unattached function.</summary>
    public IPcieFunction Create() => (_create ?? throw new InvalidOperationException($"{this} has no factory."))();

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(Device), Device);
        info.AddValue(nameof(Name), Name);
    }

    public void Deserialize(IXunitSerializationInfo info)
    {
        Device = info.GetValue<string>(nameof(Device));
        Name = info.GetValue<string>(nameof(Name));
        _create = Implementations.Find(Device, Name)._create;
    }

    public override string ToString() => $"{Device} ({Name})";
}
