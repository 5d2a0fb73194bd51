using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Config.Capabilities;

/// <summary>
/// The PCI Express Capability, version 2 (Capability ID 10h; PCIe Base 6.0 §7.5.3), for an endpoint function.
/// Slot and Root registers read 0 (an endpoint has none); a Root Complex Integrated Endpoint has no Link registers.
/// </summary>
/// <remarks>
/// <code>
///  31                       16 15            8 7             0
/// +---------------------------+---------------+---------------+
/// | PCI Express Capabilities  | Next Pointer  | Cap ID 10h    | 00h
/// +---------------------------+---------------+---------------+
/// | Device Capabilities                                       | 04h
/// +---------------------------+-------------------------------+
/// | Device Status             | Device Control                | 08h
/// +---------------------------+-------------------------------+
/// | Link Capabilities                                         | 0Ch
/// +---------------------------+-------------------------------+
/// | Link Status               | Link Control                  | 10h
/// +---------------------------+-------------------------------+
/// | Slot Capabilities / Slot Status, Control / Root ... (0)   | 14h-23h
/// +-----------------------------------------------------------+
/// | Device Capabilities 2                                     | 24h
/// +---------------------------+-------------------------------+
/// | Device Status 2           | Device Control 2              | 28h
/// +---------------------------+-------------------------------+
/// | Link Capabilities 2                                       | 2Ch
/// +---------------------------+-------------------------------+
/// | Link Status 2             | Link Control 2                | 30h
/// +---------------------------+-------------------------------+
/// | Slot Capabilities 2 / Slot Status 2, Control 2 (0)        | 34h-3Bh
/// +-----------------------------------------------------------+
/// </code>
/// The link is reported trained at its maximum: Current Link Speed and Negotiated Link Width equal the capabilities.
/// No ASPM support, no L0s/L1 exit latencies, ASPM Optionality Compliance set ("must be set in all Functions").
/// </remarks>
public sealed class PciExpressCapability : Capability
{
    internal const int StructureLength = 0x3C;
    internal const ushort CapabilityVersion = 2;
    internal const int DeviceTypeShift = 4;

    // Device Capabilities (§7.5.3.3).
    internal const uint ExtendedTagFieldSupportedBit = 1 << 5;
    internal const uint RoleBasedErrorReportingBit = 1 << 15;
    internal const uint FunctionLevelResetCapabilityBit = 1 << 28;

    // Device Control (§7.5.3.4): reset value has Enable Relaxed Ordering, Enable No Snoop and MRRS 010b (512 bytes).
    internal const ushort DeviceControlPowerOn = DeviceControlRegister.EnableRelaxedOrderingBit
        | DeviceControlRegister.EnableNoSnoopBit | ((int)MaxReadRequestSize.Bytes512 << DeviceControlRegister.MaxReadRequestSizeShift);

    internal const ushort DeviceControlWritable = DeviceControlRegister.CorrectableErrorReportingEnableBit
        | DeviceControlRegister.NonFatalErrorReportingEnableBit | DeviceControlRegister.FatalErrorReportingEnableBit
        | DeviceControlRegister.UnsupportedRequestReportingEnableBit | DeviceControlRegister.EnableRelaxedOrderingBit
        | DeviceControlRegister.MaxPayloadSizeMask | DeviceControlRegister.EnableNoSnoopBit
        | DeviceControlRegister.MaxReadRequestSizeMask;

    // Link Capabilities (§7.5.3.6) and Link Control (§7.5.3.7).
    internal const int MaximumLinkWidthShift = 4;
    internal const uint AspmOptionalityComplianceBit = 1 << 22;
    internal const ushort LinkControlWritable = 0b11 /* ASPM Control */ | (1 << 3) /* Read Completion Boundary */
        | (1 << 6) /* Common Clock Configuration */ | (1 << 7) /* Extended Synch */;

    // Device Capabilities 2 (§7.5.3.15): "Functions that support 16.0 GT/s ... must support 10-Bit Tag Completer".
    internal const uint TenBitTagCompleterSupportedBit = 1 << 16;

    // Link Capabilities 2 (§7.5.3.18): Supported Link Speeds Vector[7:1]; Link Control 2 (§7.5.3.19) Target Link Speed[3:0].
    internal const ushort TargetLinkSpeedMask = 0b1111;

    /// <summary>Declares the capability.</summary>
    /// <param name="deviceType">Device/Port Type.</param>
    /// <param name="maxPayloadSizeSupported">Max_Payload_Size Supported.</param>
    /// <param name="maxLinkSpeed">Max Link Speed (also reported as the Current Link Speed).</param>
    /// <param name="maxLinkWidth">Maximum Link Width (also reported as the Negotiated Link Width).</param>
    /// <param name="functionLevelResetCapable">Function Level Reset Capability: Initiate FLR is honoured.</param>
    /// <param name="extendedTagFieldSupported">Extended Tag Field Supported: Extended Tag Field Enable is writable.</param>
    public PciExpressCapability(
        PciExpressDeviceType deviceType = PciExpressDeviceType.Endpoint,
        MaxPayloadSize maxPayloadSizeSupported = MaxPayloadSize.Bytes256,
        LinkSpeed maxLinkSpeed = LinkSpeed.Rate2Point5GTs,
        LinkWidth maxLinkWidth = LinkWidth.X1,
        bool functionLevelResetCapable = true,
        bool extendedTagFieldSupported = true)
    {
        if (!Enum.IsDefined(deviceType))
        {
            throw new ArgumentOutOfRangeException(nameof(deviceType), deviceType, "PCI Express: a type-0 function is an Endpoint, a Legacy Endpoint or a Root Complex Integrated Endpoint.");
        }

        if (!Enum.IsDefined(maxPayloadSizeSupported))
        {
            throw new ArgumentOutOfRangeException(nameof(maxPayloadSizeSupported), maxPayloadSizeSupported, "PCI Express: Max_Payload_Size Supported is 128-4096 bytes.");
        }

        if (!Enum.IsDefined(maxLinkSpeed))
        {
            throw new ArgumentOutOfRangeException(nameof(maxLinkSpeed), maxLinkSpeed, "PCI Express: Max Link Speed is 2.5-64.0 GT/s.");
        }

        if (!Enum.IsDefined(maxLinkWidth))
        {
            throw new ArgumentOutOfRangeException(nameof(maxLinkWidth), maxLinkWidth, "PCI Express: Maximum Link Width is x1, x2, x4, x8, x12, x16 or x32.");
        }

        DeviceType = deviceType;
        MaxPayloadSizeSupported = maxPayloadSizeSupported;
        MaxLinkSpeed = maxLinkSpeed;
        MaxLinkWidth = maxLinkWidth;
        FunctionLevelResetCapable = functionLevelResetCapable;
        ExtendedTagFieldSupported = extendedTagFieldSupported;
    }

    /// <summary>Device/Port Type.</summary>
    public PciExpressDeviceType DeviceType { get; }

    /// <summary>Max_Payload_Size Supported.</summary>
    public MaxPayloadSize MaxPayloadSizeSupported { get; }

    /// <summary>Max Link Speed.</summary>
    public LinkSpeed MaxLinkSpeed { get; }

    /// <summary>Maximum Link Width.</summary>
    public LinkWidth MaxLinkWidth { get; }

    /// <summary>Function Level Reset Capability.</summary>
    public bool FunctionLevelResetCapable { get; }

    /// <summary>Extended Tag Field Supported.</summary>
    public bool ExtendedTagFieldSupported { get; }

    /// <summary>True for functions with Link registers (all but Root Complex Integrated Endpoints).</summary>
    public bool HasLink => DeviceType != PciExpressDeviceType.RootComplexIntegratedEndpoint;

    /// <inheritdoc/>
    public override string Name => "PCI Express";

    internal override bool IsExtended => false;

    internal override int Id => (int)CapabilityId.PciExpress;

    internal override int Length => StructureLength;

    internal override CapabilityState Attach(ConfigRegisterFile registers, int offset)
    {
        registers.Define(offset + (int)Register.PciExpressCapabilities, 2, powerOn: CapabilityVersion | ((uint)DeviceType << DeviceTypeShift));
        uint deviceCapabilities = (uint)MaxPayloadSizeSupported
            | (ExtendedTagFieldSupported ? ExtendedTagFieldSupportedBit : 0)
            | RoleBasedErrorReportingBit
            | (FunctionLevelResetCapable ? FunctionLevelResetCapabilityBit : 0);
        registers.Define(offset + (int)Register.DeviceCapabilities, 4, powerOn: deviceCapabilities);
        registers.Define(
            offset + (int)Register.DeviceControl,
            2,
            powerOn: DeviceControlPowerOn,
            writable: DeviceControlWritable | (ExtendedTagFieldSupported ? DeviceControlRegister.ExtendedTagFieldEnableBit : 0u));
        registers.Define(offset + (int)Register.DeviceStatus, 2, powerOn: 0, writeOneToClear: (uint)DeviceStatusFlags.ErrorBits);

        if (HasLink)
        {
            uint linkSpeedAndWidth = (uint)MaxLinkSpeed | ((uint)MaxLinkWidth << MaximumLinkWidthShift);
            registers.Define(offset + (int)Register.LinkCapabilities, 4, powerOn: linkSpeedAndWidth | AspmOptionalityComplianceBit);

            // §6.6.2: FLR must not change ASPM Control, RCB, Common Clock Configuration or Extended Synch.
            registers.Define(offset + (int)Register.LinkControl, 2, powerOn: 0, writable: LinkControlWritable, keptByFunctionLevelReset: LinkControlWritable);
            registers.Define(offset + (int)Register.LinkStatus, 2, powerOn: linkSpeedAndWidth);
            uint supportedLinkSpeedsVector = (1u << ((int)MaxLinkSpeed + 1)) - 2;
            registers.Define(offset + (int)Register.LinkCapabilities2, 4, powerOn: supportedLinkSpeedsVector);

            // Target Link Speed is RWS (sticky), its default the highest supported speed.
            registers.Define(offset + (int)Register.LinkControl2, 2, powerOn: (uint)MaxLinkSpeed, writable: TargetLinkSpeedMask, keptByFunctionLevelReset: TargetLinkSpeedMask);
            registers.Define(offset + (int)Register.LinkStatus2, 2, powerOn: 0);
        }

        uint deviceCapabilities2 = MaxLinkSpeed >= LinkSpeed.Rate16GTs ? TenBitTagCompleterSupportedBit : 0;
        registers.Define(offset + (int)Register.DeviceCapabilities2, 4, powerOn: deviceCapabilities2);
        registers.Define(offset + (int)Register.DeviceControl2, 2, powerOn: 0);
        registers.Define(offset + (int)Register.DeviceStatus2, 2, powerOn: 0);
        return new PciExpressState(registers, offset, this);
    }

    internal enum Register
    {
        PciExpressCapabilities = 0x02,
        DeviceCapabilities = 0x04,
        DeviceControl = 0x08,
        DeviceStatus = 0x0A,
        LinkCapabilities = 0x0C,
        LinkControl = 0x10,
        LinkStatus = 0x12,
        DeviceCapabilities2 = 0x24,
        DeviceControl2 = 0x28,
        DeviceStatus2 = 0x2A,
        LinkCapabilities2 = 0x2C,
        LinkControl2 = 0x30,
        LinkStatus2 = 0x32,
    }
}
