using System.Runtime.InteropServices;

namespace Cosim.VfioUser.Tests;

/// <summary>System calls only the tests need: memfd_create for guest RAM, eventfd for IRQs, ftruncate.</summary>
internal static partial class TestInterop
{
    public const int EventFdNonBlocking = 0x800; // EFD_NONBLOCK
    public const int EventFdCloseOnExec = 0x80000; // EFD_CLOEXEC
    public const uint MemfdCloseOnExec = 0x1; // MFD_CLOEXEC

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Truncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    /// <summary>struct pollfd.</summary>
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary>Number of open fds of this process.</summary>
    public static int OpenFdCount() => Directory.GetFiles("/proc/self/fd").Length;
}
