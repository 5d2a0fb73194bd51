using System.Buffers.Binary;
using Cosim.Tlp;
using Cosim.Tlp.Transactions;

namespace Cosim.Models.Nvme.Tests;

/// <summary>
/// (Copied from Cosim.Models.Tests and extended for NVMe: a wake-up on every device write and message, and DMA
/// reads of chosen ranges held back until the test releases them.)
/// A minimal root complex for model unit tests: issues configuration, memory and I/O requests as TLPs, keeps
/// sparse host memory that the device can DMA into, answers its reads with split completions (or UR for ranges
/// marked unmapped), and records its interrupts (MemWr to the MSI window) and INTx messages. Interrupt handlers
/// run synchronously when the message arrives, as a driver's would, and may issue requests of their own.
/// </summary>
internal sealed class HostHarness : ITlpReceiver
{
    public const ulong MsiWindow = 0xFEE0_0000;
    private const int PageBytes = 4096;
    private const int DwordBytes = 4;
    private static readonly PcieId s_rootPort = new(0);
    private static readonly PcieId s_function = PcieId.From(1, 0, 0);

    private readonly IPcieFunction _function;
    private readonly Dictionary<ulong, byte[]> _pages = [];
    private readonly List<(ulong Start, ulong End)> _unmapped = [];
    private readonly Dictionary<ushort, (TlpHeader Header, byte[] Payload)> _completions = [];
    private readonly List<(ulong Start, ulong End)> _held = [];
    private readonly List<TlpHeader> _heldReads = [];
    private ushort _nextTag;

    public HostHarness(IPcieFunction function)
    {
        _function = function;
        function.Attach(this);
    }

    public List<(ulong Address, uint Data)> MessageInterrupts { get; } = [];

    public List<MessageCode> IntxMessages { get; } = [];

    /// <summary>Runs on every MSI/MSI-X message, after it is recorded (an interrupt handler).</summary>
    public Action<ulong, uint>? OnMessageInterrupt { get; set; }

    /// <summary>Runs on every Assert_INTx/Deassert_INTx message, after it is recorded.</summary>
    public Action<MessageCode>? OnIntxMessage { get; set; }

    /// <summary>How many DMA read requests the device sent.</summary>
    public int DmaReadRequests { get; private set; }

    /// <summary>Runs after every memory write and message from the device (a poller's wake-up).</summary>
    public Action? OnDeviceWrite { get; set; }

    /// <summary>Released once for every DMA read that was held back.</summary>
    public SemaphoreSlim ReadHeld { get; } = new(0);

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        Action? handler = null;
        lock (_pages)
        {
            if (header.IsCompletion)
            {
                // A read larger than Max_Payload_Size comes back as several completions: their DW-aligned payloads
                // follow each other in address order.
                _completions[header.Tag] = _completions.TryGetValue(header.Tag, out (TlpHeader Header, byte[] Payload) earlier)
                    ? (earlier.Header, [.. earlier.Payload, .. payload])
                    : (header, payload.ToArray());
            }
            else if (header.Kind == TlpKind.MemoryWrite && header.Address >= MsiWindow && header.Address < MsiWindow + 0x10_0000)
            {
                (ulong address, uint data) = (header.Address, BinaryPrimitives.ReadUInt32LittleEndian(payload));
                MessageInterrupts.Add((address, data));
                if (OnMessageInterrupt is { } onMessage)
                {
                    handler = () => onMessage(address, data);
                }
            }
            else if (header.Kind == TlpKind.MemoryWrite)
            {
                int first = ByteEnables.FirstEnabledByteOffset(header.FirstDwByteEnables);
                int count = ByteEnables.RequestedByteCount(header.Length, header.FirstDwByteEnables, header.LastDwByteEnables);
                ulong start = header.Address + (ulong)first;
                if (!IsUnmapped(start, count))
                {
                    StoreLocked(start, payload.Slice(first, count));
                }
            }
            else if (header.Kind == TlpKind.MemoryRead && IsHeld(header.Address))
            {
                DmaReadRequests++;
                _heldReads.Add(header);
                ReadHeld.Release();
            }
            else if (header.Kind == TlpKind.MemoryRead)
            {
                DmaReadRequests++;
                var splitter = new CompletionSplitter(header, MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes64);
                ulong start = header.Address + (ulong)ByteEnables.FirstEnabledByteOffset(header.FirstDwByteEnables);
                if (IsUnmapped(start, splitter.DataBytes))
                {
                    _function.Receive(TlpHeader.UnsupportedRequestFor(header, s_rootPort), []);
                }
                else
                {
                    var data = new byte[splitter.DataBytes];
                    LoadLocked(start, data);
                    CompletionSplitter.WriteCompletions(header, s_rootPort, data, MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes64, _function);
                }
            }
            else if (header.IsMessage)
            {
                MessageCode code = header.MessageCode;
                IntxMessages.Add(code);
                if (OnIntxMessage is { } onIntx)
                {
                    handler = () => onIntx(code);
                }
            }
        }

        handler?.Invoke();
        if (!header.IsCompletion)
        {
            OnDeviceWrite?.Invoke();
        }
    }

    /// <summary>DMA reads that start in [address, address + length) get no completion until <see cref="ReleaseHeldReads"/>.</summary>
    public void HoldReads(ulong address, ulong length)
    {
        lock (_pages)
        {
            _held.Add((address, address + length));
        }
    }

    /// <summary>Stops holding and answers every read held so far (late, if the device gave up on them).</summary>
    public void ReleaseHeldReads()
    {
        TlpHeader[] reads;
        lock (_pages)
        {
            _held.Clear();
            reads = [.. _heldReads];
            _heldReads.Clear();
        }

        foreach (TlpHeader read in reads)
        {
            Receive(read, []);
        }
    }

    public (ulong Address, uint Data)[] MessageInterruptsSnapshot()
    {
        lock (_pages)
        {
            return [.. MessageInterrupts];
        }
    }

    public MessageCode[] IntxMessagesSnapshot()
    {
        lock (_pages)
        {
            return [.. IntxMessages];
        }
    }

    /// <summary>Makes host memory in [address, address + length) answer DMA reads with UR and drop DMA writes.</summary>
    public void MarkUnmapped(ulong address, ulong length)
    {
        lock (_pages)
        {
            _unmapped.Add((address, address + length));
        }
    }

    public void WriteHostMemory(ulong address, ReadOnlySpan<byte> data)
    {
        lock (_pages)
        {
            StoreLocked(address, data);
        }
    }

    public byte[] ReadHostMemory(ulong address, int length)
    {
        lock (_pages)
        {
            var data = new byte[length];
            LoadLocked(address, data);
            return data;
        }
    }

    public uint ConfigRead(int offset)
    {
        TlpHeader request = TlpHeader.ConfigRead(s_rootPort, NextTag(), s_function, offset, 4);
        _function.Receive(request, []);
        (TlpHeader completion, byte[] payload) = TakeCompletion(request.Tag);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
        return BinaryPrimitives.ReadUInt32LittleEndian(payload);
    }

    public void ConfigWrite(int offset, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        TlpHeader request = TlpHeader.ConfigWrite(s_rootPort, NextTag(), s_function, offset, 4);
        _function.Receive(request, data);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, TakeCompletion(request.Tag).Header.Status);
    }

    /// <summary>Finds a capability in the configuration space's capability list; 0 when absent.</summary>
    public int FindCapability(byte id)
    {
        int pointer = (int)(ConfigRead(0x34) & 0xFC);
        while (pointer != 0)
        {
            uint header = ConfigRead(pointer);
            if ((header & 0xFF) == id)
            {
                return pointer;
            }

            pointer = (int)((header >> 8) & 0xFC);
        }

        return 0;
    }

    public TlpHeader MemoryReadRaw(ulong address, int byteCount, out byte[] data)
    {
        TlpHeader request = TlpHeader.MemoryRead(s_rootPort, NextTag(), address, byteCount);
        _function.Receive(request, []);
        (TlpHeader completion, byte[] payload) = TakeCompletion(request.Tag);
        data = payload;
        return completion;
    }

    /// <summary>A CPU load of <paramref name="byteCount"/> bytes (1-4096, any alignment): one MRd, its data without the byte-lane offset.</summary>
    public byte[] MemoryRead(ulong address, int byteCount)
    {
        TlpHeader completion = MemoryReadRaw(address, byteCount, out byte[] payload);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
        int lane = (int)(address % DwordBytes);
        return payload.AsSpan(lane, byteCount).ToArray();
    }

    /// <summary>A CPU store of <paramref name="data"/> (1-4096 bytes, any alignment): one MWr with the matching byte enables.</summary>
    public void MemoryWrite(ulong address, ReadOnlySpan<byte> data)
    {
        TlpHeader request = TlpHeader.MemoryWrite(s_rootPort, 0, address, data.Length);
        var payload = new byte[request.Length * DwordBytes];
        data.CopyTo(payload.AsSpan((int)(address % DwordBytes)));
        _function.Receive(request, payload);
    }

    public uint MemoryRead32(ulong address) => BinaryPrimitives.ReadUInt32LittleEndian(MemoryRead(address, 4));

    public ulong MemoryRead64(ulong address) => BinaryPrimitives.ReadUInt64LittleEndian(MemoryRead(address, 8));

    public void MemoryWrite32(ulong address, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        MemoryWrite(address, data);
    }

    public void MemoryWrite64(ulong address, ulong value)
    {
        Span<byte> data = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(data, value);
        MemoryWrite(address, data);
    }

    public uint IoRead32(uint address)
    {
        TlpHeader request = TlpHeader.IoRead(s_rootPort, NextTag(), address, 4);
        _function.Receive(request, []);
        (TlpHeader completion, byte[] payload) = TakeCompletion(request.Tag);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
        return BinaryPrimitives.ReadUInt32LittleEndian(payload);
    }

    public void IoWrite32(uint address, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        TlpHeader request = TlpHeader.IoWrite(s_rootPort, NextTag(), address, 4);
        _function.Receive(request, data);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, TakeCompletion(request.Tag).Header.Status);
    }

    private bool IsHeld(ulong address)
    {
        foreach ((ulong start, ulong end) in _held)
        {
            if (address >= start && address < end)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsUnmapped(ulong start, int length)
    {
        foreach ((ulong rangeStart, ulong rangeEnd) in _unmapped)
        {
            if (start < rangeEnd && rangeStart < start + (ulong)length)
            {
                return true;
            }
        }

        return false;
    }

    // Host memory is sparse 4 KiB pages; bytes never written read 0.
    private void StoreLocked(ulong address, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int inPage = (int)(address % PageBytes);
            int count = Math.Min(data.Length, PageBytes - inPage);
            ulong page = address - (ulong)inPage;
            if (!_pages.TryGetValue(page, out byte[]? bytes))
            {
                bytes = new byte[PageBytes];
                _pages[page] = bytes;
            }

            data[..count].CopyTo(bytes.AsSpan(inPage));
            data = data[count..];
            address += (ulong)count;
        }
    }

    private void LoadLocked(ulong address, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int inPage = (int)(address % PageBytes);
            int count = Math.Min(destination.Length, PageBytes - inPage);
            if (_pages.TryGetValue(address - (ulong)inPage, out byte[]? bytes))
            {
                bytes.AsSpan(inPage, count).CopyTo(destination);
            }
            else
            {
                destination[..count].Clear();
            }

            destination = destination[count..];
            address += (ulong)count;
        }
    }

    private (TlpHeader Header, byte[] Payload) TakeCompletion(ushort tag)
    {
        lock (_pages)
        {
            Assert.True(_completions.Remove(tag, out (TlpHeader, byte[]) completion), $"no completion for tag {tag}");
            return completion;
        }
    }

    private ushort NextTag() => _nextTag = (ushort)((_nextTag + 1) & 0xFF);
}
