namespace Cosim.VfioUser;

/// <summary>
/// The eventfds QEMU handed over with SET_IRQS, one slot per (index, vector), and the INTx line state. Firing a
/// vector writes 1 to its eventfd; a vector fired while it has no fd is remembered and fired when its fd arrives
/// (QEMU assigns an MSI-X fd only when the guest unmasks the vector). Device threads fire while the connection
/// thread replaces fds: both hold the lock, so a closed fd number is never written.
/// </summary>
internal sealed unsafe class InterruptRouter : IDisposable
{
    private const int NoFd = -1;
    private readonly Lock _lock = new();
    private readonly int[][] _fds = new int[(int)IrqIndex.Count][];
    private readonly bool[][] _pending = new bool[(int)IrqIndex.Count][];
    private readonly IntxResampler _resampler;
    private bool _intxAsserted;
    private bool _intxMasked;

    public InterruptRouter()
    {
        _resampler = new IntxResampler(UnmaskIntx);
        for (int index = 0; index < (int)IrqIndex.Count; index++)
        {
            _fds[index] = [];
            _pending[index] = [];
        }
    }

    /// <summary>Sizes the slots after the device probe, closing every fd held so far.</summary>
    public void Configure(DeviceLayout layout)
    {
        lock (_lock)
        {
            CloseAllLocked();
            for (int index = 0; index < (int)IrqIndex.Count; index++)
            {
                int count = layout.IrqCount((IrqIndex)index);
                _fds[index] = new int[count];
                _fds[index].AsSpan().Fill(NoFd);
                _pending[index] = new bool[count];
            }

            _intxAsserted = false;
            _intxMasked = false;
        }
    }

    /// <summary>Vector count of an index.</summary>
    public int Count(IrqIndex index) => _fds[(int)index].Length;

    /// <summary>
    /// SET_IRQS with DATA_EVENTFD|TRIGGER: assigns <paramref name="fds"/>[i] to vector start+i (closing the old fd), or
    /// de-assigns the vectors when <paramref name="fds"/> is empty. Takes ownership of the fds.
    /// </summary>
    public void AssignTriggers(IrqIndex index, int start, int count, ReadOnlySpan<int> fds)
    {
        lock (_lock)
        {
            int[] slots = _fds[(int)index];
            for (int i = 0; i < count; i++)
            {
                int vector = start + i;
                CloseSlot(slots, vector);
                if (!fds.IsEmpty)
                {
                    slots[vector] = fds[i];
                    if (_pending[(int)index][vector] || (index == IrqIndex.Intx && _intxAsserted && !_intxMasked))
                    {
                        _pending[(int)index][vector] = false;
                        Signal(fds[i]);
                    }
                }
            }
        }
    }

    /// <summary>SET_IRQS DATA_NONE|TRIGGER count 0: disables the whole index.</summary>
    public void DisableIndex(IrqIndex index)
    {
        lock (_lock)
        {
            int[] slots = _fds[(int)index];
            for (int vector = 0; vector < slots.Length; vector++)
            {
                CloseSlot(slots, vector);
                _pending[(int)index][vector] = false;
            }
        }
    }

    /// <summary>Fires <paramref name="vector"/> of <paramref name="index"/>; returns false when the vector does not exist.</summary>
    public bool Fire(IrqIndex index, int vector)
    {
        lock (_lock)
        {
            int[] slots = _fds[(int)index];
            if ((uint)vector >= (uint)slots.Length)
            {
                return false;
            }

            if (slots[vector] == NoFd)
            {
                _pending[(int)index][vector] = true;
            }
            else
            {
                Signal(slots[vector]);
            }

            return true;
        }
    }

    /// <summary>
    /// Assert_INTx / Deassert_INTx from the function. An assertion writes the INTx eventfd unless masked; QEMU
    /// treats it as a pulse and keeps the line up until the guest's EOI, which comes back as UNMASK.
    /// </summary>
    public void SetIntx(bool asserted)
    {
        lock (_lock)
        {
            bool rising = asserted && !_intxAsserted;
            _intxAsserted = asserted;
            if (rising && !_intxMasked && _fds[(int)IrqIndex.Intx].Length > 0 && _fds[(int)IrqIndex.Intx][0] != NoFd)
            {
                Signal(_fds[(int)IrqIndex.Intx][0]);
            }
        }
    }

    /// <summary>SET_IRQS INTx EVENTFD|UNMASK: KVM's resample fd, signalled at the guest's EOI; takes ownership.</summary>
    public void SetIntxResample(int fd) => _resampler.Set(fd);

    /// <summary>SET_IRQS INTx MASK.</summary>
    public void MaskIntx()
    {
        lock (_lock)
        {
            _intxMasked = true;
        }
    }

    /// <summary>SET_IRQS INTx UNMASK (the guest's EOI): fires again when the line is still asserted.</summary>
    public void UnmaskIntx()
    {
        lock (_lock)
        {
            _intxMasked = false;
            if (_intxAsserted && _fds[(int)IrqIndex.Intx].Length > 0 && _fds[(int)IrqIndex.Intx][0] != NoFd)
            {
                Signal(_fds[(int)IrqIndex.Intx][0]);
            }
        }
    }

    /// <summary>Resets the INTx line (device reset): deasserted, unmasked. Fds stay.</summary>
    public void ResetLine()
    {
        lock (_lock)
        {
            _intxAsserted = false;
            _intxMasked = false;
            foreach (bool[] pending in _pending)
            {
                Array.Clear(pending);
            }
        }
    }

    /// <summary>Closes every fd (disconnect).</summary>
    public void CloseAll()
    {
        _resampler.Set(NoFd);
        lock (_lock)
        {
            CloseAllLocked();
        }
    }

    public void Dispose()
    {
        CloseAll();
        _resampler.Dispose();
    }

    /// <summary>Writes 1 to an eventfd.</summary>
    internal static void Signal(int fd)
    {
        ulong one = 1;
        _ = Interop.Libc.Write(fd, &one, sizeof(ulong));
    }

    private void CloseAllLocked()
    {
        for (int index = 0; index < (int)IrqIndex.Count; index++)
        {
            int[] slots = _fds[index];
            for (int vector = 0; vector < slots.Length; vector++)
            {
                CloseSlot(slots, vector);
            }

            Array.Clear(_pending[index]);
        }

        _intxAsserted = false;
        _intxMasked = false;
    }

    private static void CloseSlot(int[] slots, int vector)
    {
        if (slots[vector] != NoFd)
        {
            _ = Interop.Libc.Close(slots[vector]);
            slots[vector] = NoFd;
        }
    }
}
