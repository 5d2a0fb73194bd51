namespace Cosim.Tlp.Transactions;

/// <summary>
/// Max_Read_Request_Size, Device Control register bits 14:12 (PCIe Base 6.0 §7.5.3.4): "the maximum Read Request
/// size for the Function as a Requester. The Function must not generate Read Requests with a size exceeding the set
/// value." Codes 110b and 111b are Reserved. Convert with <see cref="TransferSizes.ToBytes(MaxReadRequestSize)"/>.
/// </summary>
public enum MaxReadRequestSize : byte
{
    /// <summary>000b: 128 bytes.</summary>
    Bytes128 = 0b000,

    /// <summary>001b: 256 bytes.</summary>
    Bytes256 = 0b001,

    /// <summary>010b: 512 bytes (the default value of the field).</summary>
    Bytes512 = 0b010,

    /// <summary>011b: 1024 bytes.</summary>
    Bytes1024 = 0b011,

    /// <summary>100b: 2048 bytes.</summary>
    Bytes2048 = 0b100,

    /// <summary>101b: 4096 bytes.</summary>
    Bytes4096 = 0b101,
}
