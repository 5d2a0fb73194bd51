using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>
/// KVM's INTx resample eventfd (SET_IRQS INTx EVENTFD|UNMASK, docs/vfio-user.md §6.1): KVM signals it at the guest's
/// EOI instead of QEMU sending NONE|UNMASK, so a thread waits on it and unmasks INTx (re-firing while the line is
/// still asserted). The thread owns the fd: a new or cleared fd is handed over and the old one closed by the
/// thread itself, so an fd number is never closed while it is being polled.
/// </summary>
internal sealed unsafe class IntxResampler : IDisposable
{
    private const int NoFd = -1;
    private readonly Lock _lock = new();
    private readonly Action _onResample;
    private readonly int _wakeFd;
    private readonly ManualResetEventSlim _consumed = new(true);
    private Thread? _thread;
    private int _handedOverFd = NoFd;
    private bool _handOver;
    private bool _stopping;

    public IntxResampler(Action onResample)
    {
        _onResample = onResample;
        _wakeFd = Interop.Libc.EventFd(0, Interop.Libc.EventFdCloseOnExec | Interop.Libc.EventFdNonBlocking);
        if (_wakeFd < 0)
        {
            throw new UnixSocketException("eventfd", Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>
    /// Takes ownership of <paramref name="fd"/> as the resample fd (replacing any previous one); -1 clears it. Returns
    /// once the thread has taken it over, so that the previous fd is closed when this returns.
    /// </summary>
    public void Set(int fd)
    {
        Thread? thread;
        lock (_lock)
        {
            if (_stopping)
            {
                if (fd != NoFd)
                {
                    _ = Interop.Libc.Close(fd);
                }

                return;
            }

            if (_handOver && _handedOverFd != NoFd)
            {
                _ = Interop.Libc.Close(_handedOverFd); // never seen by the thread
            }

            _handedOverFd = fd;
            _handOver = true;
            if (_thread is null && fd != NoFd)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "vfio-user INTx resample" };
                _thread.Start();
            }

            thread = _thread;
            _consumed.Reset();
        }

        InterruptRouter.Signal(_wakeFd);
        if (thread is not null)
        {
            _consumed.Wait();
        }
    }

    public void Dispose()
    {
        Thread? thread;
        lock (_lock)
        {
            _stopping = true;
            thread = _thread;
        }

        InterruptRouter.Signal(_wakeFd);
        thread?.Join();
        lock (_lock)
        {
            if (_handOver && _handedOverFd != NoFd)
            {
                _ = Interop.Libc.Close(_handedOverFd);
            }

            _handOver = false;
        }

        _ = Interop.Libc.Close(_wakeFd);
        _consumed.Dispose();
    }

    private void Run()
    {
        int fd = NoFd;
        Interop.PollDescriptor* poll = stackalloc Interop.PollDescriptor[2];
        ulong counter;
        while (true)
        {
            lock (_lock)
            {
                if (_handOver)
                {
                    if (fd != NoFd)
                    {
                        _ = Interop.Libc.Close(fd);
                    }

                    fd = _handedOverFd;
                    _handOver = false;
                    _consumed.Set();
                }

                if (_stopping)
                {
                    if (fd != NoFd)
                    {
                        _ = Interop.Libc.Close(fd);
                    }

                    return;
                }
            }

            poll[0] = new Interop.PollDescriptor { Fd = _wakeFd, Events = Interop.Libc.PollIn };
            poll[1] = new Interop.PollDescriptor { Fd = fd, Events = Interop.Libc.PollIn };
            _ = Interop.Libc.Poll(poll, fd == NoFd ? 1u : 2u, -1);
            if ((poll[0].ReturnedEvents & Interop.Libc.PollIn) != 0)
            {
                _ = Interop.Libc.Read(_wakeFd, &counter, sizeof(ulong));
            }

            if (fd != NoFd && (poll[1].ReturnedEvents & Interop.Libc.PollIn) != 0
                && Interop.Libc.Read(fd, &counter, sizeof(ulong)) == sizeof(ulong))
            {
                _onResample();
            }
        }
    }
}
