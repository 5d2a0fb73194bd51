namespace Cosim.VfioUser;

/// <summary>The flags word of the message header: bits 3:0 message type, bit 4 NO_REPLY, bit 5 ERROR.</summary>
[Flags]
internal enum VfioUserMessageFlags : uint
{
    /// <summary>Type 0: a command.</summary>
    Command = 0x0,

    /// <summary>Type 1: a reply.</summary>
    Reply = 0x1,

    /// <summary>Bits 3:0, the message type.</summary>
    TypeMask = 0xF,

    /// <summary>VFIO_USER_F_NO_REPLY: the sender wants no reply (posted writes, WRITE_MULTI).</summary>
    NoReply = 0x10,

    /// <summary>VFIO_USER_F_ERROR: the reply is an error; the errno is in the header's error field.</summary>
    Error = 0x20,
}
