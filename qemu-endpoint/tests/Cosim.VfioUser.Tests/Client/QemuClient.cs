using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Cosim.VfioUser.Tests;

/// <summary>
/// The tests' stand-in for QEMU's vfio-user client: a real UNIX socket, SCM_RIGHTS fds, the message layouts of QEMU
/// 11.1.3. Every receive has a timeout so that a broken server fails a test instead of hanging it.
/// </summary>
internal sealed class QemuClient : IDisposable
{
    /// <summary>The VERSION JSON QEMU 11.1.3 sends, byte-exact (docs/vfio-user.md §3.1): total message size 214.</summary>
    public const string QemuVersionJson =
        "{\"capabilities\": {\"pgsizes\": 4096, \"max_msg_fds\": 16, \"max_dma_maps\": 65535, \"max_data_xfer_size\": 1048576, \"migration\": {\"max_bitmap_size\": 268435456, \"pgsize\": 4096}, \"write_multiple\": true}}";

    private readonly UnixSocket _socket;
    private ushort _nextId;

    public QemuClient(string path)
    {
        _socket = UnixSocket.Connect(path);
        // Generous: a loaded CI machine can stall the server thread for seconds; a real hang still ends the test.
        _socket.SetReceiveTimeout(TimeSpan.FromSeconds(60));
    }

    public ushort Send(VfioUserCommand command, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds = default, bool noReply = false)
    {
        ushort id = _nextId++;
        SendRaw(id, command, payload, fds, noReply ? VfioUserMessageFlags.NoReply : VfioUserMessageFlags.Command, 0);
        return id;
    }

    public void SendRaw(ushort id, VfioUserCommand command, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds, VfioUserMessageFlags flags, uint error, uint? sizeOverride = null)
    {
        var header = new VfioUserHeader
        {
            MessageId = id,
            Command = command,
            MessageSize = sizeOverride ?? (uint)(VfioUserHeader.Size + payload.Length),
            Flags = flags,
            Error = error,
        };
        Span<byte> headerBytes = stackalloc byte[VfioUserHeader.Size];
        MemoryMarshal.Write(headerBytes, in header);
        _socket.Send(headerBytes, payload, fds);
    }

    /// <summary>Sends raw bytes (to break framing on purpose).</summary>
    public void SendBytes(ReadOnlySpan<byte> bytes) => _socket.Send(bytes, []);

    public VfioUserMessage Receive()
    {
        byte[] headerBytes = new byte[VfioUserHeader.Size];
        int[] fds = new int[UnixSocket.MaxReceivedFds];
        if (!_socket.ReceiveWithFds(headerBytes, fds, out int fdCount))
        {
            throw new EndOfStreamException("The server closed the connection.");
        }

        for (int i = 0; i < fdCount; i++)
        {
            _ = Interop.Libc.Close(fds[i]);
        }

        Assert.Equal(0, fdCount);
        VfioUserHeader header = MemoryMarshal.Read<VfioUserHeader>(headerBytes);
        byte[] body = new byte[header.MessageSize - VfioUserHeader.Size];
        Assert.True(_socket.ReceiveExact(body), "EOF inside a message body");
        return new VfioUserMessage(header, body);
    }

    /// <summary>True when the server closed the connection (the next receive sees EOF).</summary>
    public bool IsClosedByServer()
    {
        byte[] one = new byte[VfioUserHeader.Size];
        try
        {
            return !_socket.ReceiveWithFds(one, new int[UnixSocket.MaxReceivedFds], out _);
        }
        catch (IOException)
        {
            return true;
        }
    }

    public VfioUserMessage Call(VfioUserCommand command, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds = default)
    {
        ushort id = Send(command, payload, fds);
        VfioUserMessage reply = Receive();
        Assert.Equal(id, reply.Header.MessageId);
        Assert.Equal(command, reply.Header.Command);
        Assert.Equal(VfioUserMessageFlags.Reply, reply.Header.Type);
        return reply;
    }

    public VfioUserMessage Version(string json = QemuVersionJson)
    {
        byte[] payload = new byte[VersionPayload.Size + Encoding.UTF8.GetByteCount(json) + 1];
        BinaryPrimitives.WriteUInt16LittleEndian(payload, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(2), 1);
        Encoding.UTF8.GetBytes(json, payload.AsSpan(VersionPayload.Size));
        return Call(VfioUserCommand.Version, payload);
    }

    public VfioUserMessage DmaMap(ulong address, ulong size, ulong offset = 0, int fd = -1, DmaMapFlags flags = DmaMapFlags.Read | DmaMapFlags.Write)
    {
        var request = new Cosim.VfioUser.DmaMap { ArgumentSize = Cosim.VfioUser.DmaMap.Size, Flags = flags, Offset = offset, Address = address, RangeSize = size };
        return Call(VfioUserCommand.DmaMap, AsBytes(request), fd >= 0 ? [fd] : []);
    }

    public VfioUserMessage DmaUnmap(ulong address, ulong size, DmaUnmapFlags flags = 0)
    {
        var request = new Cosim.VfioUser.DmaUnmap { ArgumentSize = Cosim.VfioUser.DmaUnmap.Size, Flags = flags, Address = address, RangeSize = size };
        return Call(VfioUserCommand.DmaUnmap, AsBytes(request));
    }

    public DeviceInfo GetInfo()
    {
        VfioUserMessage reply = Call(VfioUserCommand.DeviceGetInfo, AsBytes(new DeviceInfo { ArgumentSize = DeviceInfo.Size }));
        Assert.False(reply.IsError);
        return MemoryMarshal.Read<DeviceInfo>(reply.Body);
    }

    public RegionInfo GetRegionInfo(uint index)
    {
        VfioUserMessage reply = Call(VfioUserCommand.DeviceGetRegionInfo, AsBytes(new RegionInfo { ArgumentSize = RegionInfo.Size, Index = index }));
        Assert.False(reply.IsError);
        Assert.Equal(RegionInfo.Size, reply.Body.Length);
        return MemoryMarshal.Read<RegionInfo>(reply.Body);
    }

    public IrqInfo GetIrqInfo(IrqIndex index)
    {
        VfioUserMessage reply = Call(VfioUserCommand.DeviceGetIrqInfo, AsBytes(new IrqInfo { ArgumentSize = IrqInfo.Size, Index = index }));
        Assert.False(reply.IsError);
        return MemoryMarshal.Read<IrqInfo>(reply.Body);
    }

    public VfioUserMessage SetIrqs(IrqIndex index, IrqSetFlags flags, uint start, uint count, ReadOnlySpan<int> fds = default)
    {
        var request = new IrqSet { ArgumentSize = IrqSet.Size, Flags = flags, Index = index, Start = start, Count = count };
        return Call(VfioUserCommand.DeviceSetIrqs, AsBytes(request), fds);
    }

    public VfioUserMessage RegionReadMessage(uint region, ulong offset, uint count) =>
        Call(VfioUserCommand.RegionRead, AsBytes(new RegionAccess { Offset = offset, Region = region, Count = count }));

    public byte[] RegionRead(uint region, ulong offset, uint count)
    {
        VfioUserMessage reply = RegionReadMessage(region, offset, count);
        Assert.False(reply.IsError, $"REGION_READ failed with errno {reply.Errno}");
        Assert.Equal(RegionAccess.Size + (int)count, reply.Body.Length);
        return reply.Body[RegionAccess.Size..];
    }

    public ushort SendRegionWrite(uint region, ulong offset, ReadOnlySpan<byte> data, bool posted)
    {
        byte[] payload = new byte[RegionAccess.Size + data.Length];
        var access = new RegionAccess { Offset = offset, Region = region, Count = (uint)data.Length };
        MemoryMarshal.Write(payload, in access);
        data.CopyTo(payload.AsSpan(RegionAccess.Size));
        return Send(VfioUserCommand.RegionWrite, payload, noReply: posted);
    }

    public void RegionWrite(uint region, ulong offset, ReadOnlySpan<byte> data)
    {
        ushort id = SendRegionWrite(region, offset, data, posted: false);
        VfioUserMessage reply = Receive();
        Assert.Equal(id, reply.Header.MessageId);
        Assert.False(reply.IsError, $"REGION_WRITE failed with errno {reply.Errno}");
    }

    public uint ReadConfig32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(RegionRead((uint)RegionIndex.Config, (ulong)offset, 4));

    public void WriteConfig32(int offset, uint value)
    {
        byte[] data = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        RegionWrite((uint)RegionIndex.Config, (ulong)offset, data);
    }

    public void WriteConfig16(int offset, ushort value)
    {
        byte[] data = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(data, value);
        RegionWrite((uint)RegionIndex.Config, (ulong)offset, data);
    }

    /// <summary>Posted (NO_REPLY) 4-byte BAR write, as QEMU sends memory-BAR writes.</summary>
    public void PostBar32(uint region, ulong offset, uint value)
    {
        byte[] data = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        SendRegionWrite(region, offset, data, posted: true);
    }

    /// <summary>Replies to a server request (DMA_READ/DMA_WRITE).</summary>
    public void Reply(VfioUserMessage request, ReadOnlySpan<byte> payload, Errno error = Errno.None)
    {
        VfioUserMessageFlags flags = VfioUserMessageFlags.Reply | (error == Errno.None ? 0 : VfioUserMessageFlags.Error);
        SendRaw(request.Header.MessageId, request.Header.Command, error == Errno.None ? payload : [], [], flags, (uint)error);
    }

    public void Dispose() => _socket.Dispose();

    public static byte[] AsBytes<T>(T value)
        where T : unmanaged
    {
        byte[] bytes = new byte[System.Runtime.CompilerServices.Unsafe.SizeOf<T>()];
        MemoryMarshal.Write(bytes, in value);
        return bytes;
    }
}
