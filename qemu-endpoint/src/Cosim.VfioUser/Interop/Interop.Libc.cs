using System.Runtime.InteropServices;
using System.Runtime.Versioning;

[assembly: SupportedOSPlatform("linux")]

namespace Cosim.VfioUser;

/// <summary>
/// The Linux system calls the server needs and .NET does not expose: SCM_RIGHTS fd passing (recvmsg/sendmsg),
/// mmap of guest RAM, eventfd writes, statx for de-duplicating mappings. 64-bit Linux only.
/// </summary>
internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>The one library every declaration binds to.</summary>
        internal const string LibraryName = "libc";

        internal const int AddressFamilyUnix = 1;          // AF_UNIX
        internal const int SocketTypeStream = 1;           // SOCK_STREAM
        internal const int SocketCloseOnExec = 0x80000;    // SOCK_CLOEXEC
        internal const int SocketLevel = 1;                // SOL_SOCKET
        internal const int ScmRights = 1;                  // SCM_RIGHTS
        internal const int SocketReceiveTimeout = 20;      // SO_RCVTIMEO
        internal const int MessageNoSignal = 0x4000;       // MSG_NOSIGNAL
        internal const int MessageControlTruncated = 0x8;  // MSG_CTRUNC
        internal const int MessageCloseOnExec = 0x40000000; // MSG_CMSG_CLOEXEC
        internal const int ShutdownReadWrite = 2;          // SHUT_RDWR
        internal const int ProtectionRead = 0x1;           // PROT_READ
        internal const int ProtectionWrite = 0x2;          // PROT_WRITE
        internal const int MapShared = 0x01;               // MAP_SHARED
        internal const int AtEmptyPath = 0x1000;           // AT_EMPTY_PATH
        internal const int AtCurrentDirectory = -100;      // AT_FDCWD
        internal const int AtSymlinkNoFollow = 0x100;      // AT_SYMLINK_NOFOLLOW
        internal const uint StatxBasicStats = 0x7ff;       // STATX_BASIC_STATS
        internal const int EventFdCloseOnExec = 0x80000;   // EFD_CLOEXEC
        internal const int EventFdNonBlocking = 0x800;     // EFD_NONBLOCK
        internal const short PollIn = 0x1;                 // POLLIN
        internal static readonly nint MapFailed = -1;      // MAP_FAILED

        [LibraryImport(LibraryName, EntryPoint = "socket", SetLastError = true)]
        internal static partial int Socket(int domain, int type, int protocol);

        [LibraryImport(LibraryName, EntryPoint = "bind", SetLastError = true)]
        internal static unsafe partial int Bind(int socket, SocketAddressUnix* address, uint addressLength);

        [LibraryImport(LibraryName, EntryPoint = "connect", SetLastError = true)]
        internal static unsafe partial int Connect(int socket, SocketAddressUnix* address, uint addressLength);

        [LibraryImport(LibraryName, EntryPoint = "listen", SetLastError = true)]
        internal static partial int Listen(int socket, int backlog);

        [LibraryImport(LibraryName, EntryPoint = "accept4", SetLastError = true)]
        internal static unsafe partial int Accept4(int socket, void* address, void* addressLength, int flags);

        [LibraryImport(LibraryName, EntryPoint = "shutdown", SetLastError = true)]
        internal static partial int Shutdown(int socket, int how);

        [LibraryImport(LibraryName, EntryPoint = "setsockopt", SetLastError = true)]
        internal static unsafe partial int SetSocketOption(int socket, int level, int name, void* value, uint valueLength);

        [LibraryImport(LibraryName, EntryPoint = "recvmsg", SetLastError = true)]
        internal static unsafe partial nint ReceiveMessage(int socket, MessageHeader* message, int flags);

        [LibraryImport(LibraryName, EntryPoint = "sendmsg", SetLastError = true)]
        internal static unsafe partial nint SendMessage(int socket, MessageHeader* message, int flags);

        [LibraryImport(LibraryName, EntryPoint = "read", SetLastError = true)]
        internal static unsafe partial nint Read(int fd, void* buffer, nuint count);

        [LibraryImport(LibraryName, EntryPoint = "write", SetLastError = true)]
        internal static unsafe partial nint Write(int fd, void* buffer, nuint count);

        [LibraryImport(LibraryName, EntryPoint = "close", SetLastError = true)]
        internal static partial int Close(int fd);

        [LibraryImport(LibraryName, EntryPoint = "mmap", SetLastError = true)]
        internal static unsafe partial nint MemoryMap(void* address, nuint length, int protection, int flags, int fd, long offset);

        [LibraryImport(LibraryName, EntryPoint = "munmap", SetLastError = true)]
        internal static unsafe partial int MemoryUnmap(void* address, nuint length);

        [LibraryImport(LibraryName, EntryPoint = "eventfd", SetLastError = true)]
        internal static partial int EventFd(uint initialValue, int flags);

        [LibraryImport(LibraryName, EntryPoint = "poll", SetLastError = true)]
        internal static unsafe partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);

        [LibraryImport(LibraryName, EntryPoint = "statx", SetLastError = true)]
        internal static unsafe partial int Statx(int directoryFd, byte* path, int flags, uint mask, StatxBuffer* buffer);
    }
}
