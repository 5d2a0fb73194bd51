namespace Cosim.Tlp.Config.Capabilities;

/// <summary>
/// The 3-bit size encoding of Max_Payload_Size Supported, Max_Payload_Size and Max_Read_Request_Size
/// (PCIe Base 6.0 §7.5.3.3, §7.5.3.4): 128 bytes × 2^value.
/// </summary>
public enum TransferSize : byte
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
