using Cosim.Models.Edu;
using Cosim.Models.PciEpfTest;

namespace Cosim.Conformance.Tests;

/// <summary>
/// Every implementation the conformance suite runs against. A new implementation of a device is one line: a name and
/// a factory. The suite itself never names an implementation type.
/// </summary>
public static class Implementations
{
    public const string PciEpfTestDevice = "pci-epf-test";
    public const string EduDevice = "edu";

    /// <summary>pci-epf-test (104c:b500) implementations.</summary>
    public static readonly IReadOnlyList<DeviceImplementation> PciEpfTest =
    [
        new(PciEpfTestDevice, "behavioral", () => new PciEpfTestDevice()),

        // models/rtl/pci-epf-test behind the TLP-stream bridge of Cosim.Hdl (Verilator, built once per run, cached).
        new(PciEpfTestDevice, "rtl", RtlDesigns.PciEpfTest),
    ];

    /// <summary>edu (1234:11e8) implementations; the DMA starts at once instead of after QEMU's 100 ms timer.</summary>
    public static readonly IReadOnlyList<DeviceImplementation> Edu =
    [
        new(EduDevice, "behavioral", () => new EduDevice(dmaStartDelay: TimeSpan.Zero)),
    ];

    public static TheoryData<DeviceImplementation> PciEpfTestData => Data(PciEpfTest);

    public static TheoryData<DeviceImplementation> EduData => Data(Edu);

    /// <summary>Every pci-epf-test implementation crossed with <paramref name="values"/>.</summary>
    public static TheoryData<DeviceImplementation, T> PciEpfTestWith<T>(params T[] values)
    {
        var data = new TheoryData<DeviceImplementation, T>();
        foreach (DeviceImplementation implementation in PciEpfTest)
        {
            foreach (T value in values)
            {
                data.Add(implementation, value);
            }
        }

        return data;
    }

    internal static DeviceImplementation Find(string device, string name) =>
        PciEpfTest.Concat(Edu).FirstOrDefault(i => i.Device == device && i.Name == name)
        ?? throw new InvalidOperationException($"No implementation '{name}' of {device} is registered.");

    private static TheoryData<DeviceImplementation> Data(IEnumerable<DeviceImplementation> implementations)
    {
        var data = new TheoryData<DeviceImplementation>();
        foreach (DeviceImplementation implementation in implementations)
        {
            data.Add(implementation);
        }

        return data;
    }
}
