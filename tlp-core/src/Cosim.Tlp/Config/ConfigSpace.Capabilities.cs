using System.Diagnostics;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Config;

/// <summary>Placing and linking capabilities.</summary>
/// <remarks>
/// Standard capabilities (PCIe Base 6.0 §7.5.1.1.11): the Capabilities Pointer at 34h holds the offset of the first;
/// each starts with Capability ID (byte 0) and Next Capability Pointer (byte 1), DW aligned, the last Next is 00h.
/// Extended capabilities (§7.6.3) start at 100h with a DW header:
/// <code>
///  31                 20 19      16 15                              0
/// +---------------------+----------+--------------------------------+
/// | Next Capability Off.| Version  | PCI Express Extended Cap. ID   |
/// +---------------------+----------+--------------------------------+
/// </code>
/// "Absence of any Extended Capabilities is required to be indicated by an Extended Capability header with a
/// Capability ID of 0000h, a Capability Version of 0h, and a Next Capability Offset of 000h": unimplemented 100h reads 0.
/// </remarks>
public sealed partial class ConfigSpace
{
    private const int DwordAlignment = 4;
    private const int ExtendedVersionShift = 16;
    private const int ExtendedNextShift = 20;

    private void ValidateCapabilitySet(List<Capability> capabilities)
    {
        var seen = new HashSet<(bool Extended, int Id)>();
        bool pciExpress = false;
        bool endpoint = false;
        foreach (Capability capability in capabilities)
        {
            ArgumentNullException.ThrowIfNull(capability);
            if (!seen.Add((capability.IsExtended, capability.Id)))
            {
                throw new ArgumentException($"{capability.Name}: a function has at most one {capability.Name} capability.", nameof(capabilities));
            }

            if (capability is PciExpressCapability express)
            {
                pciExpress = true;
                endpoint = express.DeviceType == PciExpressDeviceType.Endpoint;
            }
        }

        Capability? extended = capabilities.Find(c => c.IsExtended);
        if (extended is not null && !pciExpress)
        {
            throw new ArgumentException($"{extended.Name}: extended capabilities need a PCI Express capability (a conventional function has no space above FFh).", nameof(capabilities));
        }

        // §7.5.1.2.1: "For a PCI Express Endpoint, 64-bit addressing must be supported for all BARs that have the
        // Prefetchable bit Set."
        foreach (BarDefinition? bar in _barSlots)
        {
            if (endpoint && bar is { Kind: BarKind.Memory32, Prefetchable: true })
            {
                throw new ArgumentException($"BAR{bar.Index}: a PCI Express Endpoint's prefetchable BAR must be 64-bit.", nameof(capabilities));
            }
        }
    }

    private CapabilityState[] PlaceCapabilities(List<Capability> capabilities)
    {
        var states = new List<CapabilityState>(capabilities.Count);
        List<Capability> standard = capabilities.FindAll(c => !c.IsExtended);
        List<Capability> extended = capabilities.FindAll(c => c.IsExtended);

        int offset = CapabilitiesStart;
        for (int i = 0; i < standard.Count; i++)
        {
            Capability capability = standard[i];
            int next = offset + AlignToDword(capability.Length);
            Debug.Assert(next <= CompatibleSize, "One of each capability type fits in 40h-FFh; a new type must revisit this.");

            _registers.Define(offset, 1, (uint)capability.Id);
            _registers.Define(offset + 1, 1, i + 1 < standard.Count ? (uint)next : 0);
            states.Add(Adopt(capability.Attach(_registers, offset)));
            offset = next;
        }

        offset = ExtendedCapabilitiesStart;
        for (int i = 0; i < extended.Count; i++)
        {
            Capability capability = extended[i];
            int next = offset + AlignToDword(capability.Length);
            Debug.Assert(next <= Size, "One of each extended capability type fits in 100h-FFFh.");

            uint header = (uint)capability.Id | ((uint)capability.Version << ExtendedVersionShift)
                | ((i + 1 < extended.Count ? (uint)next : 0) << ExtendedNextShift);
            _registers.Define(offset, 4, header);
            states.Add(Adopt(capability.Attach(_registers, offset)));
            offset = next;
        }

        return [.. states];
    }

    private CapabilityState Adopt(CapabilityState state)
    {
        switch (state)
        {
            case PowerManagementState powerManagement:
                PowerManagement = powerManagement;
                break;
            case MsiState msi:
                Msi = msi;
                break;
            case MsixState msix:
                MsiX = msix;
                break;
            case PciExpressState pciExpress:
                PciExpress = pciExpress;
                break;
            case AerState aer:
                Aer = aer;
                break;
        }

        return state;
    }

    private static int AlignToDword(int length) => (length + DwordAlignment - 1) & ~(DwordAlignment - 1);
}
