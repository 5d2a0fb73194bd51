namespace Cosim.VfioUser.Tests;

/// <summary>Guest RAM as QEMU's memory-backend-memfd,share=on gives it: a memfd the test maps too.</summary>
internal sealed unsafe class GuestRam : IDisposable
{
    private readonly byte* _base;

    public GuestRam(int size)
    {
        Size = size;
        Fd = TestInterop.MemfdCreate("guest-ram", TestInterop.MemfdCloseOnExec);
        Assert.True(Fd >= 0, "memfd_create failed");
        Assert.Equal(0, TestInterop.Truncate(Fd, size));
        nint pointer = Interop.Libc.MemoryMap(null, (nuint)size, Interop.Libc.ProtectionRead | Interop.Libc.ProtectionWrite, Interop.Libc.MapShared, Fd, 0);
        Assert.NotEqual(Interop.Libc.MapFailed, pointer);
        _base = (byte*)pointer;
    }

    public int Fd { get; private set; }

    public int Size { get; }

    public Span<byte> Bytes => new(_base, Size);

    public void Dispose()
    {
        _ = Interop.Libc.MemoryUnmap(_base, (nuint)Size);
        if (Fd >= 0)
        {
            _ = Interop.Libc.Close(Fd);
            Fd = -1;
        }
    }
}
