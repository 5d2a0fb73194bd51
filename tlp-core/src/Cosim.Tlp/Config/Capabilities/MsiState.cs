namespace Cosim.Tlp.Config.Capabilities;

/// <summary>Run-time view of the MSI Capability: what software programmed, and the function's Pending Bits.</summary>
public sealed class MsiState : CapabilityState
{
    private readonly int _control;
    private readonly int _address;
    private readonly int _data;
    private readonly int _mask;
    private readonly int _pending;
    private readonly int _multipleMessageCapable;

    internal MsiState(ConfigRegisterFile registers, int offset, MsiCapability capability)
        : base(registers, offset)
    {
        _control = offset + (int)MsiCapability.Register.MessageControl;
        _address = offset + (int)MsiCapability.Register.MessageAddress;
        _data = offset + capability.MessageDataOffset;
        _mask = offset + capability.MaskBitsOffset;
        _pending = offset + capability.PendingBitsOffset;
        _multipleMessageCapable = System.Numerics.BitOperations.Log2((uint)capability.VectorCount);
        CapableVectorCount = capability.VectorCount;
        Is64Bit = capability.Is64Bit;
        PerVectorMaskingCapable = capability.PerVectorMasking;
        registers.OnWrite(offset, OnControlWritten);
    }

    /// <summary>Vectors requested (Multiple Message Capable).</summary>
    public int CapableVectorCount { get; }

    /// <summary>64 bit address capable.</summary>
    public bool Is64Bit { get; }

    /// <summary>Per-Vector Masking Capable.</summary>
    public bool PerVectorMaskingCapable { get; }

    /// <summary>MSI Enable.</summary>
    public bool Enabled => (Control & MsiCapability.MsiEnable) != 0;

    /// <summary>Vectors allocated by software: 2^(Multiple Message Enable).</summary>
    public int EnabledVectorCount => 1 << MultipleMessageEnable;

    /// <summary>Message Address (with Message Upper Address for a 64-bit structure); bits 1:0 are 0.</summary>
    public ulong Address
    {
        get
        {
            ulong low = Registers.ReadUInt32(_address);
            return Is64Bit
                ? low | ((ulong)Registers.ReadUInt32(_address + (int)MsiCapability.Register.MessageUpperAddress - (int)MsiCapability.Register.MessageAddress) << 32)
                : low;
        }
    }

    /// <summary>Message Data.</summary>
    public ushort Data => Registers.ReadUInt16(_data);

    /// <summary>Mask Bits (0 without per-vector masking).</summary>
    public uint MaskBits => PerVectorMaskingCapable ? Registers.ReadUInt32(_mask) : 0;

    /// <summary>Pending Bits (0 without per-vector masking).</summary>
    public uint PendingBits => PerVectorMaskingCapable ? Registers.ReadUInt32(_pending) : 0;

    private ushort Control => Registers.ReadUInt16(_control);

    private int MultipleMessageEnable =>
        (Control & MsiCapability.MultipleMessageEnableMask) >> MsiCapability.MultipleMessageEnableShift;

    /// <summary>True when per-vector masking is implemented and the Mask Bit of <paramref name="vector"/> is set.</summary>
    public bool IsMasked(int vector)
    {
        CheckVector(vector);
        return (MaskBits & (1u << vector)) != 0;
    }

    /// <summary>True when the Pending Bit of <paramref name="vector"/> is set.</summary>
    public bool IsPending(int vector)
    {
        CheckVector(vector);
        return (PendingBits & (1u << vector)) != 0;
    }

    /// <summary>
    /// Sets or clears the Pending Bit of <paramref name="vector"/>: a function that wants to signal a masked vector sets
    /// it, and sends the message and clears it once the vector is unmasked (§7.7.1.9). Needs per-vector masking.
    /// </summary>
    public void SetPending(int vector, bool pending = true)
    {
        CheckVector(vector);
        if (!PerVectorMaskingCapable)
        {
            throw new InvalidOperationException("MSI: this function's MSI capability has no Pending Bits (Per-Vector Masking Capable is 0).");
        }

        if (pending)
        {
            Registers.SetBits(_pending, 1u << vector);
        }
        else
        {
            Registers.ClearBits(_pending, 1u << vector);
        }
    }

    /// <summary>
    /// The Message Data the function writes for <paramref name="vector"/> (0 to <see cref="EnabledVectorCount"/> − 1):
    /// Message Data with its low log2(<see cref="EnabledVectorCount"/>) bits replaced by the vector number (§7.7.1.5).
    /// </summary>
    public ushort GetMessageData(int vector)
    {
        int count = EnabledVectorCount;
        if ((uint)vector >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(vector), vector, "MSI: the vector is not below the Multiple Message Enable count.");
        }

        return (ushort)((Data & ~(count - 1)) | vector);
    }

    private void CheckVector(int vector)
    {
        if ((uint)vector >= (uint)CapableVectorCount)
        {
            throw new ArgumentOutOfRangeException(nameof(vector), vector, "MSI: the vector is not below Multiple Message Capable.");
        }
    }

    // §7.7.1.2: "Software must not write a value greater than the value of Multiple Message Capable"; the function
    // clamps a larger value to what it is capable of, as QEMU does, so Multiple Message Enable never exceeds it.
    private void OnControlWritten(uint oldValue, uint written, uint byteMask)
    {
        if (MultipleMessageEnable > _multipleMessageCapable)
        {
            ushort control = Control;
            control = (ushort)((control & ~MsiCapability.MultipleMessageEnableMask) | (_multipleMessageCapable << MsiCapability.MultipleMessageEnableShift));
            Registers.StoreUInt16(_control, control);
        }
    }
}
