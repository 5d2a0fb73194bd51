namespace Cosim.Tlp.Config;

/// <summary>
/// Who a function says it is: the read-only identification registers of the type-0 header
/// (PCI Local Bus 3.0 §6.2.1, PCIe Base 6.0 §7.5.1.1 and §7.5.1.2).
/// </summary>
/// <param name="VendorId">Vendor ID (offset 00h). FFFFh is invalid: it is what a read of an absent function returns.</param>
/// <param name="DeviceId">Device ID (offset 02h).</param>
/// <param name="ClassCode">Class Code (offsets 09h-0Bh), 24 bits: Base Class[23:16], Sub-Class[15:8], Programming Interface[7:0].</param>
/// <param name="RevisionId">Revision ID (offset 08h).</param>
/// <param name="SubsystemVendorId">Subsystem Vendor ID (offset 2Ch).</param>
/// <param name="SubsystemId">Subsystem ID (offset 2Eh).</param>
/// <param name="InterruptPin">Interrupt Pin (offset 3Dh): the legacy INTx pin the function uses, or none.</param>
/// <param name="MultiFunctionDevice">Header Type bit 7: set on function 0 of a device with more than one function.</param>
public sealed record FunctionIdentity(
    ushort VendorId,
    ushort DeviceId,
    uint ClassCode,
    byte RevisionId = 0,
    ushort SubsystemVendorId = 0,
    ushort SubsystemId = 0,
    InterruptPin InterruptPin = InterruptPin.None,
    bool MultiFunctionDevice = false)
{
    /// <summary>Largest Class Code: the field is 24 bits.</summary>
    public const uint MaxClassCode = 0xFF_FFFF;

    /// <summary>The Vendor ID no function may have (§7.5.1.1.1: "FFFFh ... invalid").</summary>
    public const ushort InvalidVendorId = 0xFFFF;

    /// <summary>Base Class (offset 0Bh).</summary>
    public byte BaseClass => (byte)(ClassCode >> 16);

    /// <summary>Sub-Class (offset 0Ah).</summary>
    public byte SubClass => (byte)(ClassCode >> 8);

    /// <summary>Programming Interface (offset 09h).</summary>
    public byte ProgrammingInterface => (byte)ClassCode;

    /// <summary>Throws when a field does not fit its register; the message names the field.</summary>
    internal void Validate()
    {
        if (VendorId == InvalidVendorId)
        {
            throw new ArgumentException("FunctionIdentity.VendorId: FFFFh is the value of an absent function and is not a valid Vendor ID.", nameof(VendorId));
        }

        if (ClassCode > MaxClassCode)
        {
            throw new ArgumentOutOfRangeException(nameof(ClassCode), ClassCode, "FunctionIdentity.ClassCode is 24 bits (Base Class, Sub-Class, Programming Interface).");
        }

        if (InterruptPin > InterruptPin.IntD)
        {
            throw new ArgumentOutOfRangeException(nameof(InterruptPin), InterruptPin, "FunctionIdentity.InterruptPin is None or INTA-INTD.");
        }
    }
}
