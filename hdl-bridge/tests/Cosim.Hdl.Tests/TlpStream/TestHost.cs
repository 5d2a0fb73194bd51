using System.Buffers.Binary;
using Cosim.Hdl.TlpStream;
using Cosim.Tlp;
using Cosim.Tlp.Config;

namespace Cosim.Hdl.Tests.TlpStream;

/// <summary>
/// A root complex for the tests: configures the function (bus 1, device 0), reads and writes its BARs, keeps a
/// host memory the RTL can DMA to and from (answering its reads from inside Receive, as a real host may), and
/// records every TLP the function sends.
/// </summary>
internal sealed class TestHost : ITlpReceiver
{
    internal const ulong Bar0Address = 0xF000_0000;
    internal const ulong Bar2Address = 0x8_0000_0000;
    internal const ulong MemoryBase = 0x1_0000_0000;
    internal const int MemorySize = 0x4000;
    internal const ulong MsiAddress = 0xFEE0_0000;

    internal static readonly PcieId RootPort = PcieId.From(0, 0, 0);
    internal static readonly PcieId FunctionAddress = PcieId.From(1, 0, 0);

    private readonly RtlFunction _function;
    private ushort _tag;

    internal TestHost(RtlFunction function, int memorySize = MemorySize)
    {
        _function = function;
        Memory = new byte[memorySize];
        function.Attach(this);
        function.ProtocolError = Errors.Add;
        function.Traced = (in RtlTlpRecord record, ReadOnlySpan<byte> _) => Trace.Add(record);
    }

    internal List<(TlpHeader Header, byte[] Payload)> Received { get; } = [];

    internal List<RtlProtocolError> Errors { get; } = [];

    internal List<RtlTlpRecord> Trace { get; } = [];

    internal byte[] Memory { get; }

    /// <summary>Memory writes that landed at <see cref="MsiAddress"/>: the interrupt messages' data, in order.</summary>
    internal List<uint> Interrupts { get; } = [];

    internal List<TlpHeader> IntxMessages { get; } = [];

    /// <summary>Whether the host answers the function's memory reads (false: they are kept in <see cref="UnansweredReads"/>).</summary>
    internal bool AnswerReads { get; set; } = true;

    internal List<TlpHeader> UnansweredReads { get; } = [];

    /// <summary>Released once per interrupt message (for tests whose interrupt comes from another thread).</summary>
    internal SemaphoreSlim InterruptArrived { get; } = new(0);

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        Received.Add((header, payload.ToArray()));
        if (header.Kind == TlpKind.MemoryWrite && header.Address == MsiAddress)
        {
            Interrupts.Add(BinaryPrimitives.ReadUInt32LittleEndian(payload));
            InterruptArrived.Release();
        }
        else if (header.Kind == TlpKind.MemoryRead && !AnswerReads)
        {
            UnansweredReads.Add(header);
        }
        else if (header.Kind == TlpKind.MemoryWrite)
        {
            int first = ByteEnables.FirstEnabledByteOffset(header.FirstDwByteEnables);
            int count = ByteEnables.RequestedByteCount(header.Length, header.FirstDwByteEnables, header.LastDwByteEnables);
            payload.Slice(first, count).CopyTo(Memory.AsSpan((int)(header.Address - MemoryBase) + first));
        }
        else if (header.Kind == TlpKind.MemoryRead)
        {
            // Answer at once, from inside the function's own delivery: the bridge must take a completion re-entrantly.
            Answer(header);
        }
        else if (header.IsMessage)
        {
            IntxMessages.Add(header);
        }
    }

    /// <summary>Completes <paramref name="read"/> from <see cref="Memory"/> in one CplD.</summary>
    internal void Answer(in TlpHeader read)
    {
        int count = read.Length * sizeof(uint);
        ReadOnlySpan<byte> data = Memory.AsSpan((int)(read.Address - MemoryBase), count);
        int byteCount = ByteEnables.RequestedByteCount(read.Length, read.FirstDwByteEnables, read.LastDwByteEnables);
        var completion = TlpHeader.CompletionFor(read, RootPort, CompletionStatus.SuccessfulCompletion, read.Length, byteCount, (byte)(read.Address & 0x7F));
        _function.Receive(completion, data);
    }

    /// <summary>BAR0 at <see cref="Bar0Address"/>, BAR2 (64-bit) at <see cref="Bar2Address"/>, memory space and bus mastering on.</summary>
    internal void Enumerate(bool busMaster = true)
    {
        WriteConfig(0x10, (uint)Bar0Address);
        if (_function.ConfigSpace.GetBar(2) is not null)
        {
            WriteConfig(0x18, unchecked((uint)Bar2Address));
            WriteConfig(0x1C, (uint)(Bar2Address >> 32));
        }

        WriteConfig(0x04, busMaster ? 0x0006u : 0x0002u);
    }

    internal uint ReadConfig(int offset)
    {
        TlpHeader request = TlpHeader.ConfigRead(RootPort, NextTag(), FunctionAddress, offset, 4);
        return BinaryPrimitives.ReadUInt32LittleEndian(Exchange(request, []).Payload);
    }

    internal void WriteConfig(int offset, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        Exchange(TlpHeader.ConfigWrite(RootPort, NextTag(), FunctionAddress, offset, 4), data);
    }

    internal void WriteConfig16(int offset, ushort value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(data[(offset & 3)..], value);
        Exchange(TlpHeader.ConfigWrite(RootPort, NextTag(), FunctionAddress, offset, 2), data);
    }

    internal uint Read32(ulong address) => BinaryPrimitives.ReadUInt32LittleEndian(Read(address, 4));

    /// <summary>A memory read of <paramref name="count"/> bytes; returns the completion's requested bytes.</summary>
    internal byte[] Read(ulong address, int count)
    {
        (TlpHeader completion, byte[] payload) = Exchange(TlpHeader.MemoryRead(RootPort, NextTag(), address, count), []);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, completion.Status);
        int first = (int)(address & 3);
        return payload.AsSpan(first, count).ToArray();
    }

    /// <summary>Sends a memory read and returns its completion (or throws when the function sent none).</summary>
    internal (TlpHeader Header, byte[] Payload) ReadCompletion(ulong address, int count) =>
        Exchange(TlpHeader.MemoryRead(RootPort, NextTag(), address, count), []);

    internal void Write32(ulong address, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        Write(address, data);
    }

    internal void Write(ulong address, ReadOnlySpan<byte> bytes)
    {
        TlpHeader request = TlpHeader.MemoryWrite(RootPort, 0, address, bytes.Length);
        Span<byte> payload = stackalloc byte[request.Length * sizeof(uint)];
        payload.Clear();
        bytes.CopyTo(payload[(int)(address & 3)..]);
        _function.Receive(request, payload);
    }

    /// <summary>Sends a TLP the test built; returns nothing (posted, or the caller looks at <see cref="Received"/>).</summary>
    internal void Send(in TlpHeader header, ReadOnlySpan<byte> payload) => _function.Receive(header, payload);

    internal ushort NextTag() => _tag = (ushort)((_tag + 1) % 256);

    internal bool HasCompletionFor(ushort tag) => Received.Exists(r => r.Header.IsCompletion && r.Header.Tag == tag);

    private (TlpHeader Header, byte[] Payload) Exchange(in TlpHeader request, ReadOnlySpan<byte> payload)
    {
        ushort tag = request.Tag;
        _function.Receive(request, payload);
        int index = Received.FindLastIndex(r => r.Header.IsCompletion && r.Header.Tag == tag && r.Header.RequesterId == RootPort);
        if (index < 0)
        {
            throw new InvalidOperationException($"no completion for {request}; errors: {string.Join("; ", Errors)}");
        }

        (TlpHeader Header, byte[] Payload) completion = Received[index];
        Received.RemoveAt(index);
        return completion;
    }
}
