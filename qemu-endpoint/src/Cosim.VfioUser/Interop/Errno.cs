namespace Cosim.VfioUser;

/// <summary>The Linux errno values the server sends in vfio-user error replies and sees from system calls.</summary>
internal enum Errno
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>EPERM: operation not permitted.</summary>
    NotPermitted = 1,

    /// <summary>ENOENT: no such entry.</summary>
    NoEntry = 2,

    /// <summary>EINTR: interrupted system call.</summary>
    Interrupted = 4,

    /// <summary>EIO: input/output error.</summary>
    InputOutput = 5,

    /// <summary>E2BIG: argument list too long (DMA count too large).</summary>
    TooBig = 7,

    /// <summary>EBADF: bad file descriptor.</summary>
    BadFileDescriptor = 9,

    /// <summary>EAGAIN: resource temporarily unavailable.</summary>
    TryAgain = 11,

    /// <summary>ENOMEM: out of memory.</summary>
    OutOfMemory = 12,

    /// <summary>EACCES: permission denied.</summary>
    AccessDenied = 13,

    /// <summary>EFAULT: bad address.</summary>
    Fault = 14,

    /// <summary>EEXIST: exists (overlapping DMA map).</summary>
    Exists = 17,

    /// <summary>ENODEV: no such device (QEMU: bus master disabled).</summary>
    NoDevice = 19,

    /// <summary>EINVAL: invalid argument.</summary>
    InvalidArgument = 22,

    /// <summary>ENOTTY: inappropriate ioctl (unknown feature).</summary>
    NotTypewriter = 25,

    /// <summary>EADDRINUSE: address already in use.</summary>
    AddressInUse = 98,

    /// <summary>ECONNABORTED: a connection was aborted before accept.</summary>
    ConnectionAborted = 103,

    /// <summary>ENOTSUP (EOPNOTSUPP): operation not supported.</summary>
    NotSupported = 95,

    /// <summary>ETIMEDOUT: timed out.</summary>
    TimedOut = 110,

    /// <summary>EDEADLK: the request would make the connection thread wait for itself (§9.4).</summary>
    WouldDeadlock = 35,
}
