using Cosim.Tlp.Config;

namespace Cosim.Server.Topology;

/// <summary>
/// Identity registers a device definition replaces (<c>Devices:N:Identity</c>): each null keeps the model's own
/// value. Applied only by models that accept overrides; others refuse them at start.
/// </summary>
public sealed record IdentityOverrides
{
    /// <summary>No override at all.</summary>
    public static readonly IdentityOverrides None = new();

    /// <summary>Vendor ID (offset 00h).</summary>
    public ushort? VendorId { get; init; }

    /// <summary>Device ID (offset 02h).</summary>
    public ushort? DeviceId { get; init; }

    /// <summary>Subsystem Vendor ID (offset 2Ch).</summary>
    public ushort? SubsystemVendorId { get; init; }

    /// <summary>Subsystem ID (offset 2Eh).</summary>
    public ushort? SubsystemId { get; init; }

    /// <summary>Class Code (offsets 09h-0Bh), 24 bits.</summary>
    public uint? ClassCode { get; init; }

    /// <summary>Revision ID (offset 08h).</summary>
    public byte? RevisionId { get; init; }

    /// <summary>True when no field is overridden.</summary>
    public bool IsEmpty => this == None;

    /// <summary>The model's <paramref name="identity"/> with every override applied.</summary>
    public FunctionIdentity ApplyTo(FunctionIdentity identity) => identity with
    {
        VendorId = VendorId ?? identity.VendorId,
        DeviceId = DeviceId ?? identity.DeviceId,
        SubsystemVendorId = SubsystemVendorId ?? identity.SubsystemVendorId,
        SubsystemId = SubsystemId ?? identity.SubsystemId,
        ClassCode = ClassCode ?? identity.ClassCode,
        RevisionId = RevisionId ?? identity.RevisionId,
    };
}
