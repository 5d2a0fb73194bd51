using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

internal static partial class Interop
{
    /// <summary>struct msghdr (x86-64 and aarch64 LP64 layout), 56 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 56)]
    internal unsafe struct MessageHeader
    {
        [FieldOffset(0)] public void* Name;
        [FieldOffset(8)] public uint NameLength;
        [FieldOffset(16)] public IoVector* IoVectors;
        [FieldOffset(24)] public nuint IoVectorCount;
        [FieldOffset(32)] public void* Control;
        [FieldOffset(40)] public nuint ControlLength;
        [FieldOffset(48)] public int Flags;
    }

    /// <summary>struct iovec, 16 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal unsafe struct IoVector
    {
        [FieldOffset(0)] public void* Base;
        [FieldOffset(8)] public nuint Length;
    }

    /// <summary>struct cmsghdr, 16 bytes; the data (here: int fds) follows at CMSG_DATA = +16.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct ControlMessageHeader
    {
        /// <summary>CMSG_LEN(n) = 16 + n.</summary>
        public const int DataOffset = 16;

        [FieldOffset(0)] public nuint Length;
        [FieldOffset(8)] public int Level;
        [FieldOffset(12)] public int Type;

        /// <summary>CMSG_SPACE(dataBytes): the data rounded up to 8 bytes, plus the header.</summary>
        public static int Space(int dataBytes) => DataOffset + ((dataBytes + 7) & ~7);
    }

    /// <summary>struct sockaddr_un, 110 bytes: sun_family, then a NUL-terminated path of at most 107 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 110)]
    internal unsafe struct SocketAddressUnix
    {
        public const int PathCapacity = 108;

        [FieldOffset(0)] public ushort Family;
        [FieldOffset(2)] public fixed byte Path[PathCapacity];
    }

    /// <summary>struct statx (linux/stat.h), 256 bytes, the same on every architecture; only the fields we use.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        /// <summary>S_IFMT: the file type bits of <see cref="Mode"/>.</summary>
        public const ushort FileTypeMask = 0xF000;

        /// <summary>S_IFSOCK: a socket.</summary>
        public const ushort FileTypeSocket = 0xC000;

        [FieldOffset(0)] public uint Mask;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
    }

    /// <summary>struct pollfd, 8 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 8)]
    internal struct PollDescriptor
    {
        [FieldOffset(0)] public int Fd;
        [FieldOffset(4)] public short Events;
        [FieldOffset(6)] public short ReturnedEvents;
    }
}
