using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>The calling thread's CPU time (clock_gettime(2)), which a benchmark on a shared machine measures instead of wall time.</summary>
    internal static partial class ThreadClock
    {
        /// <summary>CLOCK_THREAD_CPUTIME_ID (Linux include/uapi/linux/time.h).</summary>
        private const int ClockThreadCpuTimeId = 3;

        private const long NanosecondsPerSecond = 1_000_000_000;

        /// <summary>CPU time the calling thread has used, in nanoseconds.</summary>
        internal static long Nanoseconds()
        {
            if (clock_gettime(ClockThreadCpuTimeId, out TimeSpec time) != 0)
            {
                throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
            }

            return (time.Seconds * NanosecondsPerSecond) + time.Nanoseconds;
        }

        [LibraryImport(Libraries.Libc)]
        private static partial int clock_gettime(int clockId, out TimeSpec time);

        /// <summary>struct timespec on 64-bit Linux: tv_sec and tv_nsec, both 64-bit.</summary>
        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
