using System.Runtime.InteropServices;
using System.Text;

namespace Cosim.VfioUser;

/// <summary>
/// A blocking AF_UNIX stream socket on a raw fd, with SCM_RIGHTS fd passing. The connection thread receives; any
/// thread may send (whole messages, one <c>sendmsg</c> each, serialised by the socket's send lock). No async
/// machinery and no allocation per message.
/// </summary>
internal sealed unsafe class UnixSocket : IDisposable
{
    /// <summary>Most fds accepted with one message; more is a protocol error (QEMU sends at most 16).</summary>
    public const int MaxReceivedFds = 32;

    private const int ListenBacklog = 4;
    private readonly Lock _sendLock = new();
    private int _fd;

    private UnixSocket(int fd) => _fd = fd;

    /// <summary>The raw descriptor (tests count fds with it).</summary>
    public int Fd => _fd;

    /// <summary>Binds and listens on <paramref name="path"/> (an old socket file there is replaced) with <paramref name="mode"/>.</summary>
    public static UnixSocket Listen(string path, UnixFileMode mode)
    {
        if (File.Exists(path))
        {
            // A socket file left by a server that died is replaced; one with a live server behind it, or any file
            // that is not a socket, is not.
            if (!IsSocket(path))
            {
                throw new UnixSocketException($"bind({path}): the path exists and is not a socket", (int)Errno.AddressInUse);
            }

            if (IsServed(path))
            {
                throw new UnixSocketException($"bind({path}): a server is already listening there", (int)Errno.AddressInUse);
            }

            File.Delete(path);
        }

        int fd = CreateSocket();
        try
        {
            Interop.SocketAddressUnix address = ToAddress(path, out uint length);
            if (Interop.Libc.Bind(fd, &address, length) != 0)
            {
                throw new UnixSocketException($"bind({path})", Marshal.GetLastPInvokeError());
            }

            File.SetUnixFileMode(path, mode);
            if (Interop.Libc.Listen(fd, ListenBacklog) != 0)
            {
                throw new UnixSocketException("listen", Marshal.GetLastPInvokeError());
            }

            return new UnixSocket(fd);
        }
        catch
        {
            _ = Interop.Libc.Close(fd);
            throw;
        }
    }

    /// <summary>Connects to a listening socket (the tests' QEMU stand-in).</summary>
    public static UnixSocket Connect(string path)
    {
        int fd = CreateSocket();
        Interop.SocketAddressUnix address = ToAddress(path, out uint length);
        if (Interop.Libc.Connect(fd, &address, length) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            _ = Interop.Libc.Close(fd);
            throw new UnixSocketException($"connect({path})", errno);
        }

        return new UnixSocket(fd);
    }

    /// <summary>Waits for the next client. Returns null once the listener has been shut down.</summary>
    public UnixSocket? Accept()
    {
        while (true)
        {
            int fd = Interop.Libc.Accept4(_fd, null, null, Interop.Libc.SocketCloseOnExec);
            if (fd >= 0)
            {
                return new UnixSocket(fd);
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno is (int)Errno.Interrupted or (int)Errno.TryAgain or (int)Errno.ConnectionAborted)
            {
                continue;
            }

            if (errno is (int)Errno.InvalidArgument or (int)Errno.BadFileDescriptor || Volatile.Read(ref _fd) < 0)
            {
                return null;
            }

            throw new UnixSocketException("accept4", errno);
        }
    }

    /// <summary>
    /// Reads exactly <paramref name="header"/>.Length bytes with <c>recvmsg</c>, collecting any SCM_RIGHTS fds into
    /// <paramref name="fds"/>. Returns false on EOF before the first byte; a partial header then EOF throws.
    /// </summary>
    public bool ReceiveWithFds(Span<byte> header, Span<int> fds, out int fdCount)
    {
        fdCount = 0;
        const int ControlBytes = 16 + (MaxReceivedFds * sizeof(int));
        byte* control = stackalloc byte[ControlBytes];
        int received = 0;
        fixed (byte* buffer = header)
        {
            while (received < header.Length)
            {
                Interop.IoVector vector = new() { Base = buffer + received, Length = (nuint)(header.Length - received) };
                Interop.MessageHeader message = new()
                {
                    IoVectors = &vector,
                    IoVectorCount = 1,
                    Control = control,
                    ControlLength = ControlBytes,
                };
                nint n = Interop.Libc.ReceiveMessage(_fd, &message, Interop.Libc.MessageCloseOnExec);
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == (int)Errno.Interrupted)
                    {
                        continue;
                    }

                    throw new UnixSocketException("recvmsg", errno);
                }

                CollectFds(&message, fds, ref fdCount);
                if (n == 0)
                {
                    if (received == 0)
                    {
                        return false;
                    }

                    throw new EndOfStreamException($"EOF after {received} of {header.Length} header bytes.");
                }

                received += (int)n;
            }
        }

        return true;
    }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes; false on EOF.</summary>
    public bool ReceiveExact(Span<byte> buffer)
    {
        int received = 0;
        fixed (byte* start = buffer)
        {
            while (received < buffer.Length)
            {
                nint n = Interop.Libc.Read(_fd, start + received, (nuint)(buffer.Length - received));
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == (int)Errno.Interrupted)
                    {
                        continue;
                    }

                    throw new UnixSocketException("read", errno);
                }

                if (n == 0)
                {
                    return false;
                }

                received += (int)n;
            }
        }

        return true;
    }

    /// <summary>Sends <paramref name="first"/> then <paramref name="second"/> as one message with one <c>sendmsg</c>; fds ride on the first byte.</summary>
    public void Send(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<int> fds = default)
    {
        int controlBytes = fds.IsEmpty ? 0 : Interop.ControlMessageHeader.Space(fds.Length * sizeof(int));
        byte* control = stackalloc byte[Interop.ControlMessageHeader.Space(MaxReceivedFds * sizeof(int))];
        if (controlBytes > 0)
        {
            if (fds.Length > MaxReceivedFds)
            {
                throw new ArgumentOutOfRangeException(nameof(fds), fds.Length, "Too many fds for one message.");
            }

            new Span<byte>(control, controlBytes).Clear();
            var header = (Interop.ControlMessageHeader*)control;
            header->Length = (nuint)(Interop.ControlMessageHeader.DataOffset + (fds.Length * sizeof(int)));
            header->Level = Interop.Libc.SocketLevel;
            header->Type = Interop.Libc.ScmRights;
            fds.CopyTo(new Span<int>(control + Interop.ControlMessageHeader.DataOffset, fds.Length));
        }

        lock (_sendLock)
        {
            if (_fd < 0)
            {
                throw new ObjectDisposedException(nameof(UnixSocket));
            }

            fixed (byte* a = first)
            fixed (byte* b = second)
            {
                Interop.IoVector* vectors = stackalloc Interop.IoVector[2];
                vectors[0] = new Interop.IoVector { Base = a, Length = (nuint)first.Length };
                vectors[1] = new Interop.IoVector { Base = b, Length = (nuint)second.Length };
                int vectorIndex = 0;
                while (vectorIndex < 2)
                {
                    Interop.MessageHeader message = new()
                    {
                        IoVectors = vectors + vectorIndex,
                        IoVectorCount = (nuint)(2 - vectorIndex),
                        Control = controlBytes > 0 ? control : null,
                        ControlLength = (nuint)controlBytes,
                    };
                    nint n = Interop.Libc.SendMessage(_fd, &message, Interop.Libc.MessageNoSignal);
                    if (n < 0)
                    {
                        int errno = Marshal.GetLastPInvokeError();
                        if (errno == (int)Errno.Interrupted)
                        {
                            continue;
                        }

                        throw new UnixSocketException("sendmsg", errno);
                    }

                    controlBytes = 0; // the fds went with the first byte
                    nuint sent = (nuint)n;
                    while (vectorIndex < 2 && sent >= vectors[vectorIndex].Length)
                    {
                        sent -= vectors[vectorIndex].Length;
                        vectorIndex++;
                    }

                    if (vectorIndex < 2)
                    {
                        vectors[vectorIndex].Base = (byte*)vectors[vectorIndex].Base + sent;
                        vectors[vectorIndex].Length -= sent;
                    }
                }
            }
        }
    }

    /// <summary>Sets SO_RCVTIMEO so that a blocked receive fails after <paramref name="timeout"/> (tests only).</summary>
    public void SetReceiveTimeout(TimeSpan timeout)
    {
        long* value = stackalloc long[2];
        value[0] = (long)timeout.TotalSeconds;
        value[1] = (long)(timeout.TotalMicroseconds % 1_000_000);
        if (Interop.Libc.SetSocketOption(_fd, Interop.Libc.SocketLevel, Interop.Libc.SocketReceiveTimeout, value, 16) != 0)
        {
            throw new UnixSocketException("setsockopt(SO_RCVTIMEO)", Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Wakes a thread blocked in accept or receive: it sees EOF (or the listener's end).</summary>
    public void Shutdown()
    {
        int fd = Volatile.Read(ref _fd);
        if (fd >= 0)
        {
            _ = Interop.Libc.Shutdown(fd, Interop.Libc.ShutdownReadWrite);
        }
    }

    public void Dispose()
    {
        lock (_sendLock)
        {
            int fd = Interlocked.Exchange(ref _fd, -1);
            if (fd >= 0)
            {
                _ = Interop.Libc.Shutdown(fd, Interop.Libc.ShutdownReadWrite);
                _ = Interop.Libc.Close(fd);
            }
        }
    }

    private static bool IsSocket(string path)
    {
        Interop.StatxBuffer stat;
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
        {
            return Interop.Libc.Statx(Interop.Libc.AtCurrentDirectory, name, Interop.Libc.AtSymlinkNoFollow, Interop.Libc.StatxBasicStats, &stat) == 0
                && (stat.Mode & Interop.StatxBuffer.FileTypeMask) == Interop.StatxBuffer.FileTypeSocket;
        }
    }

    private static bool IsServed(string path)
    {
        try
        {
            Connect(path).Dispose();
            return true;
        }
        catch (UnixSocketException)
        {
            return false;
        }
    }

    private static int CreateSocket()
    {
        int fd = Interop.Libc.Socket(Interop.Libc.AddressFamilyUnix, Interop.Libc.SocketTypeStream | Interop.Libc.SocketCloseOnExec, 0);
        if (fd < 0)
        {
            throw new UnixSocketException("socket(AF_UNIX)", Marshal.GetLastPInvokeError());
        }

        return fd;
    }

    private static Interop.SocketAddressUnix ToAddress(string path, out uint length)
    {
        int byteCount = Encoding.UTF8.GetByteCount(path);
        if (byteCount >= Interop.SocketAddressUnix.PathCapacity)
        {
            throw new ArgumentException($"The socket path is {byteCount} bytes; AF_UNIX allows at most {Interop.SocketAddressUnix.PathCapacity - 1}.", nameof(path));
        }

        Interop.SocketAddressUnix address = default;
        address.Family = Interop.Libc.AddressFamilyUnix;
        Encoding.UTF8.GetBytes(path, new Span<byte>(address.Path, Interop.SocketAddressUnix.PathCapacity));
        length = (uint)(sizeof(ushort) + byteCount + 1);
        return address;
    }

    private static void CollectFds(Interop.MessageHeader* message, Span<int> fds, ref int fdCount)
    {
        byte* cursor = (byte*)message->Control;
        byte* end = cursor + message->ControlLength;
        while (cursor + Interop.ControlMessageHeader.DataOffset <= end)
        {
            var header = (Interop.ControlMessageHeader*)cursor;
            if (header->Length < Interop.ControlMessageHeader.DataOffset)
            {
                break;
            }

            if (header->Level == Interop.Libc.SocketLevel && header->Type == Interop.Libc.ScmRights)
            {
                int count = (int)(header->Length - Interop.ControlMessageHeader.DataOffset) / sizeof(int);
                int* data = (int*)(cursor + Interop.ControlMessageHeader.DataOffset);
                for (int i = 0; i < count; i++)
                {
                    if (fdCount < fds.Length)
                    {
                        fds[fdCount++] = data[i];
                    }
                    else
                    {
                        _ = Interop.Libc.Close(data[i]);
                    }
                }
            }

            cursor += Interop.ControlMessageHeader.Space((int)header->Length - Interop.ControlMessageHeader.DataOffset);
        }

        if ((message->Flags & Interop.Libc.MessageControlTruncated) != 0)
        {
            throw new UnixSocketException("recvmsg (control data truncated: too many fds)", (int)Errno.TooBig);
        }
    }
}
