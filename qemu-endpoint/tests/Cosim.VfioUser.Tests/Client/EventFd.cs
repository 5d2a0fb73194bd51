namespace Cosim.VfioUser.Tests;

/// <summary>A non-blocking eventfd standing in for one of QEMU's IRQ eventfds.</summary>
internal sealed unsafe class EventFd : IDisposable
{
    public EventFd()
    {
        Fd = TestInterop.EventFd(0, TestInterop.EventFdNonBlocking | TestInterop.EventFdCloseOnExec);
        Assert.True(Fd >= 0, "eventfd failed");
    }

    public int Fd { get; private set; }

    /// <summary>Reads and resets the counter; 0 when nothing was signalled.</summary>
    public ulong Take()
    {
        ulong value = 0;
        nint n = Interop.Libc.Read(Fd, &value, sizeof(ulong));
        return n == sizeof(ulong) ? value : 0;
    }

    /// <summary>Blocks until the eventfd is signalled (POLLIN) or the timeout passes; then takes the counter.</summary>
    public ulong WaitAndTake(TimeSpan timeout)
    {
        const short PollIn = 1;
        TestInterop.PollFd poll = new() { Fd = Fd, Events = PollIn };
        _ = TestInterop.Poll(&poll, 1, (int)timeout.TotalMilliseconds);
        return Take();
    }

    public void Dispose()
    {
        if (Fd >= 0)
        {
            _ = Interop.Libc.Close(Fd);
            Fd = -1;
        }
    }
}
