using System.Numerics;

namespace Cosim.Tlp.Config.Capabilities;

/// <summary>
/// The MSI Capability (Capability ID 05h; PCIe Base 6.0 §7.7.1, PCI Local Bus 3.0 §6.8.1).
/// </summary>
/// <remarks>
/// The four layouts (Figures 7-136 to 7-139); 32-bit forms have no Message Upper Address and move the rest up a DW:
/// <code>
///  31                       16 15            8 7             0
/// +---------------------------+---------------+---------------+
/// | Message Control           | Next Pointer  | Cap ID 05h    | 00h
/// +---------------------------+---------------+-----------+---+
/// | Message Address [31:2]                                | 00| 04h
/// +-------------------------------------------------------+---+
/// | Message Upper Address [63:32]            (64-bit only)    | 08h
/// +---------------------------+-------------------------------+
/// | Extended Message Data     | Message Data                  | 0Ch (08h)
/// +---------------------------+-------------------------------+
/// | Mask Bits                             (per-vector masking)| 10h (0Ch)
/// +-----------------------------------------------------------+
/// | Pending Bits                          (per-vector masking)| 14h (10h)
/// +-----------------------------------------------------------+
/// </code>
/// Message Control: bit 0 MSI Enable (RW), 3:1 Multiple Message Capable (RO), 6:4 Multiple Message Enable (RW),
/// 7 64 bit address capable (RO), 8 Per-Vector Masking Capable (RO), 9 Extended Message Data Capable (RO, 0 here),
/// 10 Extended Message Data Enable (0 here). Mask Bits are RW for the implemented vectors, Pending Bits RO.
/// </remarks>
public sealed class MsiCapability : Capability
{
    /// <summary>Most vectors an MSI function can request.</summary>
    public const int MaxVectors = 32;

    internal const ushort MsiEnable = 1 << 0;
    internal const int MultipleMessageCapableShift = 1;
    internal const int MultipleMessageEnableShift = 4;
    internal const ushort MultipleMessageEnableMask = 0b111 << MultipleMessageEnableShift;
    internal const ushort AddressCapable64Bit = 1 << 7;
    internal const ushort PerVectorMaskingCapableBit = 1 << 8;
    internal const uint MessageAddressWritable = 0xFFFF_FFFC;
    internal const uint MessageDataWritable = 0x0000_FFFF;
    internal const int MessageData32BitOffset = 0x08;
    internal const int MessageData64BitOffset = 0x0C;

    /// <summary>Declares the capability.</summary>
    /// <param name="vectorCount">Vectors requested (Multiple Message Capable): 1, 2, 4, 8, 16 or 32.</param>
    /// <param name="is64Bit">64 bit address capable: the structure has a Message Upper Address.</param>
    /// <param name="perVectorMasking">Per-Vector Masking Capable: the structure has Mask Bits and Pending Bits.</param>
    public MsiCapability(int vectorCount = 1, bool is64Bit = true, bool perVectorMasking = false)
    {
        if (vectorCount is < 1 or > MaxVectors || !BitOperations.IsPow2(vectorCount))
        {
            throw new ArgumentOutOfRangeException(nameof(vectorCount), vectorCount, "MSI: vectorCount (Multiple Message Capable) must be 1, 2, 4, 8, 16 or 32.");
        }

        VectorCount = vectorCount;
        Is64Bit = is64Bit;
        PerVectorMasking = perVectorMasking;
    }

    /// <summary>Vectors requested.</summary>
    public int VectorCount { get; }

    /// <summary>64 bit address capable.</summary>
    public bool Is64Bit { get; }

    /// <summary>Per-Vector Masking Capable.</summary>
    public bool PerVectorMasking { get; }

    /// <inheritdoc/>
    public override string Name => "MSI";

    internal override bool IsExtended => false;

    internal override int Id => (int)CapabilityId.Msi;

    internal override int Length => MaskBitsOffset + (PerVectorMasking ? 8 : 0);

    internal int MessageDataOffset => Is64Bit ? MessageData64BitOffset : MessageData32BitOffset;

    internal int MaskBitsOffset => MessageDataOffset + 4;

    internal int PendingBitsOffset => MaskBitsOffset + 4;

    internal override CapabilityState Attach(ConfigRegisterFile registers, int offset)
    {
        int multipleMessageCapable = BitOperations.Log2((uint)VectorCount);
        uint control = (uint)(multipleMessageCapable << MultipleMessageCapableShift)
            | (Is64Bit ? AddressCapable64Bit : 0u)
            | (PerVectorMasking ? PerVectorMaskingCapableBit : 0u);
        registers.Define(
            offset + (int)Register.MessageControl,
            2,
            powerOn: control,
            writable: MsiEnable | MultipleMessageEnableMask,
            change: ConfigChange.MsiControl);
        registers.Define(offset + (int)Register.MessageAddress, 4, powerOn: 0, writable: MessageAddressWritable);
        if (Is64Bit)
        {
            registers.Define(offset + (int)Register.MessageUpperAddress, 4, powerOn: 0, writable: uint.MaxValue);
        }

        // Message Data[15:0] RW; Extended Message Data[31:16] RsvdP because Extended Message Data Capable is 0.
        registers.Define(offset + MessageDataOffset, 4, powerOn: 0, writable: MessageDataWritable);
        if (PerVectorMasking)
        {
            uint implemented = VectorCount == MaxVectors ? uint.MaxValue : (1u << VectorCount) - 1;
            registers.Define(offset + MaskBitsOffset, 4, powerOn: 0, writable: implemented);
            registers.Define(offset + PendingBitsOffset, 4, powerOn: 0);
        }

        return new MsiState(registers, offset, this);
    }

    internal enum Register
    {
        MessageControl = 0x02,
        MessageAddress = 0x04,
        MessageUpperAddress = 0x08,
    }
}
