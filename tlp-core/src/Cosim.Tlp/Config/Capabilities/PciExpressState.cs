namespace Cosim.Tlp.Config.Capabilities;

/// <summary>Run-time view of the PCI Express Capability.</summary>
public sealed class PciExpressState : CapabilityState
{
    private readonly int _deviceControl;
    private readonly int _deviceStatus;

    internal PciExpressState(ConfigRegisterFile registers, int offset, PciExpressCapability capability)
        : base(registers, offset)
    {
        _deviceControl = offset + (int)PciExpressCapability.Register.DeviceControl;
        _deviceStatus = offset + (int)PciExpressCapability.Register.DeviceStatus;
        Capability = capability;
        registers.OnWrite(_deviceControl, OnDeviceControlWritten);
    }

    /// <summary>What the function declared.</summary>
    public PciExpressCapability Capability { get; }

    /// <summary>Device Control, decoded.</summary>
    public DeviceControlRegister DeviceControl => new(Registers.ReadUInt16(_deviceControl));

    /// <summary>Device Status.</summary>
    public DeviceStatusFlags DeviceStatus => (DeviceStatusFlags)Registers.ReadUInt16(_deviceStatus);

    /// <summary>Max_Payload_Size Supported in bytes.</summary>
    public int MaxPayloadSizeSupported => DeviceControlRegister.ToBytes((int)Capability.MaxPayloadSizeSupported);

    /// <summary>Sets Device Status error bits, as the function does when it detects an error (software clears them).</summary>
    public void SetDeviceStatus(DeviceStatusFlags bits)
    {
        if ((bits & ~DeviceStatusFlags.ErrorBits) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "PCI Express: only the RW1C error bits of Device Status can be set.");
        }

        Registers.SetBits(_deviceControl, (uint)bits << 16);
    }

    // §7.5.3.4 Initiate Function Level Reset: "A write of 1b initiates Function Level Reset to the Function. The value
    // read by software from this bit is always 0b." The bit is not writable, so it always reads 0; the write is an event.
    private void OnDeviceControlWritten(uint oldValue, uint written, uint byteMask)
    {
        if (Capability.FunctionLevelResetCapable && (written & byteMask & DeviceControlRegister.InitiateFunctionLevelResetBit) != 0)
        {
            Registers.Raise(ConfigChange.FunctionLevelReset);
            Registers.RequestInternalReset();
        }
    }
}
