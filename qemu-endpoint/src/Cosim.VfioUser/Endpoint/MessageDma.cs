using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>
/// DMA through DMA_READ/DMA_WRITE messages, for guest memory mapped without an fd (QEMU's default RAM). A device
/// thread sends the request itself (under the socket's send lock) and waits on its slot; the connection thread
/// receives the reply, reads its body straight into the slot and wakes the device thread. The connection thread
/// itself never waits here (docs/vfio-user.md §9.4): <see cref="UpstreamPort"/> defers such requests to a worker.
/// Layout: QEMU 11.x / spec (count u64, data at message offset 32).
/// </summary>
internal sealed class MessageDma : IDisposable
{
    private const int SlotCount = 8;
    private readonly object _lock = new();
    private readonly Slot[] _slots = new Slot[SlotCount];
    private readonly int _chunkSize;
    private readonly TimeSpan _timeout;
    private UnixSocket? _socket;
    private int _freeSlots = SlotCount;
    private ushort _nextId;

    public MessageDma(int chunkSize, TimeSpan timeout)
    {
        _chunkSize = chunkSize;
        _timeout = timeout;
        for (int i = 0; i < SlotCount; i++)
        {
            _slots[i] = new Slot(chunkSize);
        }
    }

    private enum SlotState
    {
        Free,
        Waiting,
        Receiving,
        Done,
    }

    /// <summary>Starts serving a connection.</summary>
    public void Attach(UnixSocket socket)
    {
        lock (_lock)
        {
            _socket = socket;
        }
    }

    /// <summary>Ends the connection: every waiting device thread fails with ENODEV.</summary>
    public void Detach()
    {
        lock (_lock)
        {
            _socket = null;
            foreach (Slot slot in _slots)
            {
                if (slot.State is SlotState.Waiting)
                {
                    slot.Error = Errno.NoDevice;
                    slot.State = SlotState.Done;
                    slot.Done.Set();
                }
            }

            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Reads guest memory with DMA_READ messages of at most the chunk size each.</summary>
    public Errno Read(ulong address, Span<byte> destination)
    {
        for (int done = 0; done < destination.Length;)
        {
            int count = Math.Min(_chunkSize, destination.Length - done);
            Errno error = Transfer(VfioUserCommand.DmaRead, address + (ulong)done, destination.Slice(done, count), []);
            if (error != Errno.None)
            {
                return error;
            }

            done += count;
        }

        return Errno.None;
    }

    /// <summary>Writes guest memory with DMA_WRITE messages; each waits for its reply so that a later MSI cannot overtake it.</summary>
    public Errno Write(ulong address, ReadOnlySpan<byte> source)
    {
        for (int done = 0; done < source.Length;)
        {
            int count = Math.Min(_chunkSize, source.Length - done);
            Errno error = Transfer(VfioUserCommand.DmaWrite, address + (ulong)done, [], source.Slice(done, count));
            if (error != Errno.None)
            {
                return error;
            }

            done += count;
        }

        return Errno.None;
    }

    /// <summary>
    /// On the connection thread: a reply arrived (header already read). Reads its body into the waiting slot, or
    /// discards it when no request of ours matches. Returns false when the stream ended.
    /// </summary>
    public bool DeliverReply(in VfioUserHeader header, UnixSocket socket, Span<byte> scratch, out bool matched)
    {
        int bodyLength = (int)header.MessageSize - VfioUserHeader.Size;
        Slot? slot = null;
        lock (_lock)
        {
            foreach (Slot candidate in _slots)
            {
                if (candidate.State == SlotState.Waiting && candidate.Id == header.MessageId && candidate.Command == header.Command)
                {
                    candidate.State = SlotState.Receiving;
                    slot = candidate;
                    break;
                }
            }
        }

        matched = slot is not null;
        if (slot is null)
        {
            return Discard(socket, bodyLength, scratch);
        }

        Errno error = Errno.None;
        bool alive = true;
        if (header.IsError)
        {
            error = header.Error == 0 ? Errno.InputOutput : (Errno)header.Error;
            alive = Discard(socket, bodyLength, scratch);
        }
        else if (slot.Command == VfioUserCommand.DmaRead)
        {
            if (bodyLength != DmaTransfer.Size + slot.Count)
            {
                error = Errno.InputOutput;
                alive = Discard(socket, bodyLength, scratch);
            }
            else
            {
                alive = socket.ReceiveExact(scratch[..DmaTransfer.Size]) && socket.ReceiveExact(slot.Buffer.AsSpan(0, slot.Count));
            }
        }
        else
        {
            alive = Discard(socket, bodyLength, scratch);
        }

        lock (_lock)
        {
            slot.Error = alive ? error : Errno.NoDevice;
            slot.State = SlotState.Done;
            slot.Done.Set();
        }

        return alive;
    }

    public void Dispose()
    {
        foreach (Slot slot in _slots)
        {
            slot.Done.Dispose();
        }
    }

    private static bool Discard(UnixSocket socket, int length, Span<byte> scratch)
    {
        while (length > 0)
        {
            int n = Math.Min(length, scratch.Length);
            if (!socket.ReceiveExact(scratch[..n]))
            {
                return false;
            }

            length -= n;
        }

        return true;
    }

    private Errno Transfer(VfioUserCommand command, ulong address, Span<byte> destination, ReadOnlySpan<byte> source)
    {
        Slot slot;
        UnixSocket? socket;
        lock (_lock)
        {
            while (_freeSlots == 0 && _socket is not null)
            {
                Monitor.Wait(_lock);
            }

            socket = _socket;
            if (socket is null)
            {
                return Errno.NoDevice;
            }

            slot = _slots[0];
            foreach (Slot candidate in _slots)
            {
                if (candidate.State == SlotState.Free)
                {
                    slot = candidate;
                    break;
                }
            }

            _freeSlots--;
            slot.State = SlotState.Waiting;
            slot.Id = _nextId++;
            slot.Command = command;
            slot.Count = command == VfioUserCommand.DmaRead ? destination.Length : source.Length;
            slot.Done.Reset();
        }

        try
        {
            Span<byte> prefix = stackalloc byte[VfioUserHeader.Size + DmaTransfer.Size];
            VfioUserHeader header = new()
            {
                MessageId = slot.Id,
                Command = command,
                MessageSize = (uint)(prefix.Length + source.Length),
                Flags = VfioUserMessageFlags.Command,
            };
            MemoryMarshal.Write(prefix, in header);
            DmaTransfer transfer = new() { Address = address, Count = (ulong)slot.Count };
            MemoryMarshal.Write(prefix[VfioUserHeader.Size..], in transfer);
            try
            {
                socket.Send(prefix, source);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                Release(slot);
                return Errno.NoDevice;
            }

            if (!slot.Done.Wait(_timeout))
            {
                lock (_lock)
                {
                    if (slot.State == SlotState.Waiting)
                    {
                        // Abandoned: a late reply finds no waiting slot and is discarded.
                        slot.State = SlotState.Free;
                        _freeSlots++;
                        Monitor.Pulse(_lock);
                        return Errno.TimedOut;
                    }
                }

                slot.Done.Wait(); // the reply body is being read right now
            }

            Errno error = slot.Error;
            if (error == Errno.None && command == VfioUserCommand.DmaRead)
            {
                slot.Buffer.AsSpan(0, slot.Count).CopyTo(destination);
            }

            Release(slot);
            return error;
        }
        catch
        {
            Release(slot);
            throw;
        }
    }

    private void Release(Slot slot)
    {
        lock (_lock)
        {
            if (slot.State != SlotState.Free)
            {
                slot.State = SlotState.Free;
                _freeSlots++;
                Monitor.Pulse(_lock);
            }
        }
    }

    private sealed class Slot(int bufferSize)
    {
        public SlotState State { get; set; }

        public ushort Id { get; set; }

        public VfioUserCommand Command { get; set; }

        public int Count { get; set; }

        public Errno Error { get; set; }

        public byte[] Buffer { get; } = new byte[bufferSize];

        public ManualResetEventSlim Done { get; } = new(false);
    }
}
