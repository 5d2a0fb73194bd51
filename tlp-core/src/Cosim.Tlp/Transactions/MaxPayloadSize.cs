namespace Cosim.Tlp.Transactions;

/// <summary>
/// Max_Payload_Size, Device Control register bits 7:5 (PCIe Base 6.0 §7.5.3.4); the same 3-bit encoding as
/// Max_Payload_Size Supported in Device Capabilities bits 2:0 (§7.5.3.3). "This field sets maximum TLP payload
/// size for the Function": no TLP a Function transmits (write request or completion) carries more data than this.
/// Codes 110b and 111b are Reserved. Convert with <see cref="TransferSizes.ToBytes(MaxPayloadSize)"/>.
/// </summary>
public enum MaxPayloadSize : byte
{
    /// <summary>000b: 128 bytes.</summary>
    Bytes128 = 0b000,

    /// <summary>001b: 256 bytes.</summary>
    Bytes256 = 0b001,

    /// <summary>010b: 512 bytes.</summary>
    Bytes512 = 0b010,

    /// <summary>011b: 1024 bytes.</summary>
    Bytes1024 = 0b011,

    /// <summary>100b: 2048 bytes.</summary>
    Bytes2048 = 0b100,

    /// <summary>101b: 4096 bytes.</summary>
    Bytes4096 = 0b101,
}
