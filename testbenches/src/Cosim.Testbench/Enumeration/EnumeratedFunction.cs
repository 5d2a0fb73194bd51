using System.Collections.ObjectModel;
using Cosim.Tlp;
using Cosim.Tlp.Config.Capabilities;
using Cosim.Tlp.Transactions;

namespace Cosim.Testbench.Enumeration;

/// <summary>What enumeration read from a function's configuration space and what it programmed there.</summary>
public sealed class EnumeratedFunction
{
    private readonly Bar?[] _bars;

    internal EnumeratedFunction(
        PcieId id,
        uint identifiers,
        uint classAndRevision,
        byte headerType,
        uint subsystem,
        InterruptPin interruptPin,
        Bar?[] bars,
        IList<CapabilityInfo> capabilities,
        IList<ExtendedCapabilityInfo> extendedCapabilities)
    {
        Id = id;
        VendorId = (ushort)identifiers;
        DeviceId = (ushort)(identifiers >> 16);
        RevisionId = (byte)classAndRevision;
        ClassCode = classAndRevision >> 8;
        HeaderType = headerType;
        SubsystemVendorId = (ushort)subsystem;
        SubsystemId = (ushort)(subsystem >> 16);
        InterruptPin = interruptPin;
        _bars = bars;
        Bars = new ReadOnlyCollection<Bar>([.. bars.Where(b => b is not null).Cast<Bar>()]);
        Capabilities = new ReadOnlyCollection<CapabilityInfo>(capabilities);
        ExtendedCapabilities = new ReadOnlyCollection<ExtendedCapabilityInfo>(extendedCapabilities);
    }

    /// <summary>The function's Routing ID (its Bus and Device Numbers captured from the first CfgWr0).</summary>
    public PcieId Id { get; }

    /// <summary>Vendor ID.</summary>
    public ushort VendorId { get; }

    /// <summary>Device ID.</summary>
    public ushort DeviceId { get; }

    /// <summary>Revision ID.</summary>
    public byte RevisionId { get; }

    /// <summary>Class Code (base class, sub-class, programming interface).</summary>
    public uint ClassCode { get; }

    /// <summary>Header Type byte (bit 7: multi-function).</summary>
    public byte HeaderType { get; }

    /// <summary>Subsystem Vendor ID.</summary>
    public ushort SubsystemVendorId { get; }

    /// <summary>Subsystem ID.</summary>
    public ushort SubsystemId { get; }

    /// <summary>Interrupt Pin.</summary>
    public InterruptPin InterruptPin { get; }

    /// <summary>The implemented BARs in index order.</summary>
    public IReadOnlyList<Bar> Bars { get; }

    /// <summary>Capabilities of the standard list, in list order.</summary>
    public IReadOnlyList<CapabilityInfo> Capabilities { get; }

    /// <summary>Extended capabilities from 100h, in list order.</summary>
    public IReadOnlyList<ExtendedCapabilityInfo> ExtendedCapabilities { get; }

    /// <summary>The Expansion ROM's assigned address (not enabled), or null without a ROM.</summary>
    public ulong? ExpansionRomAddress { get; internal init; }

    /// <summary>The Expansion ROM's size (0 without a ROM).</summary>
    public ulong ExpansionRomSize { get; internal init; }

    /// <summary>True when the function has a PCI Express Capability.</summary>
    public bool IsPciExpress => FindCapability(CapabilityId.PciExpress) != 0;

    /// <summary>Max_Payload_Size enumeration programmed (128 bytes for a conventional PCI function).</summary>
    public MaxPayloadSize MaxPayloadSize { get; internal init; } = MaxPayloadSize.Bytes128;

    /// <summary>Max_Read_Request_Size enumeration programmed (what the function's requests are checked against).</summary>
    public MaxReadRequestSize MaxReadRequestSize { get; internal init; } = MaxReadRequestSize.Bytes512;

    /// <summary>The BAR at <paramref name="index"/>; throws, naming the BARs that exist, when it is not implemented.</summary>
    public Bar GetBar(int index) => TryGetBar(index, out Bar? bar)
        ? bar
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"BAR{index} is not implemented; the function has {string.Join(", ", Bars)}.");

    /// <summary>The BAR at <paramref name="index"/>, if implemented (the lower slot of a 64-bit BAR).</summary>
    public bool TryGetBar(int index, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Bar? bar)
    {
        bar = index is >= 0 and < 6 ? _bars[index] : null;
        return bar is not null && bar.Index == index;
    }

    /// <summary>Offset of capability <paramref name="id"/> in the standard list, or 0 when absent.</summary>
    public int FindCapability(CapabilityId id) => FindCapability((byte)id);

    /// <summary>Offset of the capability with ID <paramref name="id"/>, or 0 when absent.</summary>
    public int FindCapability(byte id)
    {
        foreach (CapabilityInfo capability in Capabilities)
        {
            if (capability.Id == id)
            {
                return capability.Offset;
            }
        }

        return 0;
    }

    /// <summary>Offset of extended capability <paramref name="id"/>, or 0 when absent.</summary>
    public int FindExtendedCapability(ExtendedCapabilityId id)
    {
        foreach (ExtendedCapabilityInfo capability in ExtendedCapabilities)
        {
            if (capability.Id == (ushort)id)
            {
                return capability.Offset;
            }
        }

        return 0;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Id} [{VendorId:x4}:{DeviceId:x4}] class {ClassCode:x6} rev {RevisionId:x2}";
}
