using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>A system call on the vfio-user socket failed; carries the errno and the call.</summary>
internal sealed class UnixSocketException : IOException
{
    public UnixSocketException(string call, int errno)
        : base($"{call} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})")
    {
        Call = call;
        Errno = errno;
    }

    public string Call { get; }

    public int Errno { get; }
}
