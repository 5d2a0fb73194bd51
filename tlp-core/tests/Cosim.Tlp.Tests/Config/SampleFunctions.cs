using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Tests.Config;

/// <summary>Functions the configuration tests share.</summary>
internal static class SampleFunctions
{
    /// <summary>Vendor 1234h, Device 11E8h, class 00FF00h (unclassified, "other"), revision 10h, INTA.</summary>
    public static readonly FunctionIdentity Identity = new(
        VendorId: 0x1234,
        DeviceId: 0x11E8,
        ClassCode: 0x00FF00,
        RevisionId: 0x10,
        SubsystemVendorId: 0x1AF4,
        SubsystemId: 0x1100,
        InterruptPin: InterruptPin.IntA);

    /// <summary>
    /// The golden device: BAR0 32-bit 1 MiB, BAR1 I/O 32 bytes, BAR2/3 64-bit prefetchable 16 MiB, 64 KiB ROM;
    /// PM, MSI (4 vectors, 64-bit, per-vector masking), MSI-X (8 entries, table BAR0+10000h, PBA BAR0+18000h),
    /// PCI Express Endpoint (MPS 256, 2.5 GT/s x1, FLR), AER.
    /// </summary>
    public static ConfigSpace Full() => new(
        Identity,
        [
            BarDefinition.Memory32(0, 1 << 20),
            BarDefinition.Io(1, 32),
            BarDefinition.Memory64(2, 16 << 20, prefetchable: true),
        ],
        [
            new PowerManagementCapability(),
            new MsiCapability(vectorCount: 4, is64Bit: true, perVectorMasking: true),
            new MsixCapability(tableSize: 8, tableBar: 0, tableOffset: 0x1_0000, pbaBar: 0, pbaOffset: 0x1_8000),
            new PciExpressCapability(maxPayloadSizeSupported: MaxPayloadSize.Bytes256),
            new AerCapability(),
        ],
        new ExpansionRomDefinition(64 * 1024));

    /// <summary>Offsets the golden device's capabilities land at (derived in <see cref="ConfigSpaceGoldenTests"/>).</summary>
    public const int PowerManagementOffset = 0x40;
    public const int MsiOffset = 0x48;
    public const int MsixOffset = 0x60;
    public const int PciExpressOffset = 0x6C;
    public const int AerOffset = 0x100;

    /// <summary>A function with only <paramref name="capabilities"/> (and BAR0, 4 KiB).</summary>
    public static ConfigSpace With(params Capability[] capabilities) =>
        new(Identity, [BarDefinition.Memory32(0, 4096)], capabilities);
}
