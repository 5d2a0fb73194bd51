using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>
/// The 16-byte header of every vfio-user message, in host byte order (docs/interop/vfio-user.rst, "Header"):
/// <code>
///  0       2         4          8          12         16
/// +-------+---------+----------+----------+----------+
/// | msgid | command | size     | flags    | error    |
/// | u16   | u16     | u32 (all | u32      | u32      |
/// |       |         | bytes)   |          | (errno)  |
/// +-------+---------+----------+----------+----------+
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct VfioUserHeader
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 16;

    [FieldOffset(0)] public ushort MessageId;
    [FieldOffset(2)] public VfioUserCommand Command;
    [FieldOffset(4)] public uint MessageSize;
    [FieldOffset(8)] public VfioUserMessageFlags Flags;
    [FieldOffset(12)] public uint Error;

    public readonly VfioUserMessageFlags Type => Flags & VfioUserMessageFlags.TypeMask;

    public readonly bool NoReply => (Flags & VfioUserMessageFlags.NoReply) != 0;

    public readonly bool IsError => (Flags & VfioUserMessageFlags.Error) != 0;
}
