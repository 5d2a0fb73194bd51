using System.Buffers.Binary;
using System.Threading.Channels;
using Cosim.Tlp;
using Cosim.Tlp.Transactions;

namespace Cosim.Server.Tests.Fakes;

/// <summary>
/// Stands where the vfio-user server stands: issues configuration, memory and I/O requests to a function (the proxy)
/// and awaits their completions by tag; keeps sparse host memory the device DMAs into and answers its reads (or
/// holds them, to have DMA in flight); queues MSI writes and INTx messages.
/// </summary>
internal sealed class FakeRootComplex : ITlpReceiver
{
    public const ulong MsiWindow = 0xFEE0_0000;
    public static readonly PcieId RootId = default;
    public static readonly PcieId FunctionId = PcieId.From(1, 0, 0);
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(20);

    private readonly IPcieFunction _function;
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, byte> _memory = [];
    private readonly Dictionary<ushort, TaskCompletionSource<(TlpHeader Header, byte[] Payload)>> _pending = [];
    private ushort _nextTag;

    public FakeRootComplex(IPcieFunction function)
    {
        _function = function;
        function.Attach(this);
    }

    /// <summary>When set, device memory reads are recorded in <see cref="HeldReads"/> and never answered.</summary>
    public bool HoldDmaReads { get; set; }

    public Channel<TlpHeader> HeldReads { get; } = Channel.CreateUnbounded<TlpHeader>();

    public Channel<(ulong Address, uint Data)> MessageInterrupts { get; } = Channel.CreateUnbounded<(ulong, uint)>();

    public Channel<MessageCode> IntxMessages { get; } = Channel.CreateUnbounded<MessageCode>();

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.IsCompletion)
        {
            TaskCompletionSource<(TlpHeader, byte[])>? waiter;
            lock (_lock)
            {
                _pending.Remove(header.Tag, out waiter);
            }

            waiter?.TrySetResult((header, payload.ToArray()));
            return;
        }

        switch (header.Kind)
        {
            case TlpKind.MemoryWrite when header.Address - MsiWindow < 0x10_0000:
                MessageInterrupts.Writer.TryWrite((header.Address, BinaryPrimitives.ReadUInt32LittleEndian(payload)));
                break;
            case TlpKind.MemoryWrite:
                int first = ByteEnables.FirstEnabledByteOffset(header.FirstDwByteEnables);
                int count = ByteEnables.RequestedByteCount(header.Length, header.FirstDwByteEnables, header.LastDwByteEnables);
                lock (_lock)
                {
                    for (int i = 0; i < count; i++)
                    {
                        _memory[header.Address + (ulong)first + (ulong)i] = payload[first + i];
                    }
                }

                break;
            case TlpKind.MemoryRead when HoldDmaReads:
                HeldReads.Writer.TryWrite(header);
                break;
            case TlpKind.MemoryRead:
                var data = new byte[new CompletionSplitter(header, MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes64).DataBytes];
                ulong start = header.Address + (ulong)ByteEnables.FirstEnabledByteOffset(header.FirstDwByteEnables);
                lock (_lock)
                {
                    for (int i = 0; i < data.Length; i++)
                    {
                        data[i] = _memory.GetValueOrDefault(start + (ulong)i);
                    }
                }

                CompletionSplitter.WriteCompletions(header, RootId, data, MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes64, _function);
                break;
            case TlpKind.Message:
                IntxMessages.Writer.TryWrite(header.MessageCode);
                break;
        }
    }

    public void WriteHostMemory(ulong address, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            for (int i = 0; i < data.Length; i++)
            {
                _memory[address + (ulong)i] = data[i];
            }
        }
    }

    public byte[] ReadHostMemory(ulong address, int length)
    {
        lock (_lock)
        {
            var data = new byte[length];
            for (int i = 0; i < length; i++)
            {
                data[i] = _memory.GetValueOrDefault(address + (ulong)i);
            }

            return data;
        }
    }

    public Task<(TlpHeader Header, byte[] Payload)> RequestAsync(TlpHeader request, ReadOnlySpan<byte> payload)
    {
        var waiter = new TaskCompletionSource<(TlpHeader, byte[])>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _nextTag = (ushort)((_nextTag + 1) & 0xFF);
            request = request with { Tag = _nextTag };
            _pending[request.Tag] = waiter;
        }

        _function.Receive(request, payload);
        return waiter.Task.WaitAsync(s_hangGuard);
    }

    /// <summary>A configuration read that returns the completion status instead of asserting it.</summary>
    public async Task<(CompletionStatus Status, uint Value)> TryConfigReadAsync(int offset)
    {
        (TlpHeader completion, byte[] payload) = await RequestAsync(TlpHeader.ConfigRead(RootId, 0, FunctionId, offset, 4), []);
        return (completion.Status, payload.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(payload) : uint.MaxValue);
    }

    public async Task<uint> ConfigReadAsync(int offset)
    {
        (TlpHeader completion, byte[] payload) = await RequestAsync(TlpHeader.ConfigRead(RootId, 0, FunctionId, offset, 4), []);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
        return BinaryPrimitives.ReadUInt32LittleEndian(payload);
    }

    public async Task ConfigWriteAsync(int offset, uint value)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        (TlpHeader completion, _) = await RequestAsync(TlpHeader.ConfigWrite(RootId, 0, FunctionId, offset, 4), data);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
    }

    public async Task<uint> MemoryRead32Async(ulong address)
    {
        (TlpHeader completion, byte[] payload) = await RequestAsync(TlpHeader.MemoryRead(RootId, 0, address, 4), []);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
        return BinaryPrimitives.ReadUInt32LittleEndian(payload);
    }

    public void MemoryWrite32(ulong address, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        _function.Receive(TlpHeader.MemoryWrite(RootId, 0, address, 4), data);
    }

    public async Task<uint> IoRead32Async(uint address)
    {
        (TlpHeader completion, byte[] payload) = await RequestAsync(TlpHeader.IoRead(RootId, 0, address, 4), []);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
        return BinaryPrimitives.ReadUInt32LittleEndian(payload);
    }

    public async Task IoWrite32Async(uint address, uint value)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        (TlpHeader completion, _) = await RequestAsync(TlpHeader.IoWrite(RootId, 0, address, 4), data);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
    }

    /// <summary>Walks the capability list from offset 34h for capability <paramref name="id"/>.</summary>
    public async Task<int> FindCapabilityAsync(byte id)
    {
        int offset = (int)(await ConfigReadAsync(0x34) & 0xFC);
        while (offset != 0)
        {
            uint header = await ConfigReadAsync(offset);
            if ((byte)header == id)
            {
                return offset;
            }

            offset = (int)((header >> 8) & 0xFC);
        }

        throw new InvalidOperationException($"capability {id:x2} not found");
    }
}
