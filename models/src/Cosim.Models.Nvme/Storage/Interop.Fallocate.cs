using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cosim.Models.Nvme.Storage;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>FALLOC_FL_KEEP_SIZE (linux/falloc.h).</summary>
        public const int FallocateKeepSize = 0x01;

        /// <summary>FALLOC_FL_PUNCH_HOLE (linux/falloc.h): deallocate the range; it reads back as zeros.</summary>
        public const int FallocatePunchHole = 0x02;

        private const string LibraryName = "libc";

        /// <summary>fallocate(2); -1 and errno on failure.</summary>
        [LibraryImport(LibraryName, EntryPoint = "fallocate", SetLastError = true)]
        public static partial int Fallocate(SafeFileHandle fd, int mode, long offset, long length);
    }
}
