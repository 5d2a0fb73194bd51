using System.Buffers.Binary;
using Cosim.Tlp;
using Cosim.Tlp.Transactions;

namespace Cosim.Models.Tests;

/// <summary>
/// A minimal root complex for model unit tests: issues configuration, memory and I/O requests as TLPs, keeps
/// sparse host memory that the device can DMA into, answers its reads with split completions, and records its
/// interrupts (MemWr to the MSI window) and INTx messages.
/// </summary>
internal sealed class HostHarness : ITlpReceiver
{
    public const ulong MsiWindow = 0xFEE0_0000;
    private static readonly PcieId s_rootPort = new(0);
    private static readonly PcieId s_function = PcieId.From(1, 0, 0);

    private readonly IPcieFunction _function;
    private readonly Dictionary<ulong, byte> _memory = [];
    private readonly Dictionary<ushort, (TlpHeader Header, byte[] Payload)> _completions = [];
    private ushort _nextTag;

    public HostHarness(IPcieFunction function)
    {
        _function = function;
        function.Attach(this);
    }

    public List<(ulong Address, uint Data)> MessageInterrupts { get; } = [];

    public List<MessageCode> IntxMessages { get; } = [];

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        lock (_memory)
        {
            if (header.IsCompletion)
            {
                _completions[header.Tag] = (header, payload.ToArray());
            }
            else if (header.Kind == TlpKind.MemoryWrite && header.Address >= MsiWindow && header.Address < MsiWindow + 0x10_0000)
            {
                MessageInterrupts.Add((header.Address, BinaryPrimitives.ReadUInt32LittleEndian(payload)));
            }
            else if (header.Kind == TlpKind.MemoryWrite)
            {
                int first = ByteEnables.FirstEnabledByteOffset(header.FirstDwByteEnables);
                int count = ByteEnables.RequestedByteCount(header.Length, header.FirstDwByteEnables, header.LastDwByteEnables);
                for (int i = 0; i < count; i++)
                {
                    _memory[header.Address + (ulong)first + (ulong)i] = payload[first + i];
                }
            }
            else if (header.Kind == TlpKind.MemoryRead)
            {
                var data = new byte[new CompletionSplitter(header, MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes64).DataBytes];
                ulong start = header.Address + (ulong)ByteEnables.FirstEnabledByteOffset(header.FirstDwByteEnables);
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = _memory.GetValueOrDefault(start + (ulong)i);
                }

                CompletionSplitter.WriteCompletions(header, s_rootPort, data, MaxPayloadSize.Bytes256, ReadCompletionBoundary.Bytes64, _function);
            }
            else if (header.IsMessage)
            {
                IntxMessages.Add(header.MessageCode);
            }
        }
    }

    public void WriteHostMemory(ulong address, ReadOnlySpan<byte> data)
    {
        lock (_memory)
        {
            for (int i = 0; i < data.Length; i++)
            {
                _memory[address + (ulong)i] = data[i];
            }
        }
    }

    public byte[] ReadHostMemory(ulong address, int length)
    {
        lock (_memory)
        {
            var data = new byte[length];
            for (int i = 0; i < length; i++)
            {
                data[i] = _memory.GetValueOrDefault(address + (ulong)i);
            }

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

    public TlpHeader MemoryReadRaw(ulong address, int byteCount, out byte[] data)
    {
        TlpHeader request = TlpHeader.MemoryRead(s_rootPort, NextTag(), address, byteCount);
        _function.Receive(request, []);
        (TlpHeader completion, byte[] payload) = TakeCompletion(request.Tag);
        data = payload;
        return completion;
    }

    public uint MemoryRead32(ulong address)
    {
        TlpHeader completion = MemoryReadRaw(address, 4, out byte[] payload);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
        return BinaryPrimitives.ReadUInt32LittleEndian(payload);
    }

    public void MemoryWrite32(ulong address, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        _function.Receive(TlpHeader.MemoryWrite(s_rootPort, 0, address, 4), data);
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

    private (TlpHeader Header, byte[] Payload) TakeCompletion(ushort tag)
    {
        lock (_memory)
        {
            Assert.True(_completions.Remove(tag, out (TlpHeader, byte[]) completion), $"no completion for tag {tag}");
            return completion;
        }
    }

    private ushort NextTag() => _nextTag = (ushort)((_nextTag + 1) & 0xFF);
}
