using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Cosim.Tlp;

namespace Cosim.Server.Tracing;

/// <summary>
/// Writes a pcapng file (draft-ietf-opsawg-pcapng) that Wireshark opens with tools/wireshark/cosim-tlp.lua: one
/// Interface Description Block per device (link type LINKTYPE_USER0 = 147, <c>if_name</c> = the device name,
/// nanosecond timestamps), one Enhanced Packet Block per TLP. Each packet is the <see cref="CosimHeaderBytes"/>-byte
/// Cosim header followed by the TLP exactly as PCIe lays it out (header, payload, digest):
/// <code>
///  byte 0    1    2        3          4-5                6-7
///     'C'  'T'  Version  Direction  Device index (BE)  Reserved (0)
///                 01h    00h down, 01h up
/// </code>
/// All blocks are written little-endian (the Section Header's byte-order magic says so). For a device with a
/// <see cref="TraceDevice.Clock"/> (an RTL model) each packet carries an <c>opt_comment</c> option
/// <c>"cycle N"</c> (<see cref="CycleCommentPrefix"/>): the simulation cycle, to find the TLP in the waveform.
/// </summary>
public sealed class PcapNgTraceWriter : ITlpTraceSink
{
    /// <summary>LINKTYPE_USER0, the first link type reserved for private use.</summary>
    public const ushort LinkTypeUser0 = 147;

    /// <summary>Size of the Cosim header in front of each TLP.</summary>
    public const int CosimHeaderBytes = 8;

    /// <summary>Version byte of the Cosim header.</summary>
    public const byte CosimHeaderVersion = 1;

    /// <summary>What the packet comment of a TLP of a simulated device starts with; the cycle in decimal follows.</summary>
    public const string CycleCommentPrefix = "cycle ";

    private const uint SectionHeaderBlock = 0x0A0D_0D0A;
    private const uint InterfaceDescriptionBlock = 0x0000_0001;
    private const uint EnhancedPacketBlock = 0x0000_0006;
    private const uint ByteOrderMagic = 0x1A2B_3C4D;
    private const ushort OptionEnd = 0;
    private const ushort OptionComment = 1;
    private const int OptionHeader = 4; // code, length
    private const int CycleCommentBytes = 28; // "cycle " and up to 20 digits, padded to 32 bits
    private const ushort OptionInterfaceName = 2;
    private const ushort OptionTimestampResolution = 9;
    private const byte NanosecondResolution = 9;
    private const int BlockOverhead = 12; // type, length, trailing length
    private const int EnhancedPacketFixed = 20; // interface, timestamp high/low, captured and original length

    private readonly Lock _lock = new();
    private readonly Stream _output;
    private readonly Dictionary<int, uint> _interfaces = [];
    private readonly byte[] _block = new byte[BlockOverhead + EnhancedPacketFixed + CosimHeaderBytes + TlpHeader.MaxTlpBytes + 4 + OptionHeader + CycleCommentBytes + OptionHeader];
    private bool _disposed;

    /// <summary>Writes to <paramref name="output"/> (owned: disposed with the writer); the Section Header goes out now.</summary>
    public PcapNgTraceWriter(Stream output)
    {
        _output = output;
        WriteSectionHeader();
    }

    /// <inheritdoc />
    public void Record(TraceDevice device, TlpDirection direction, in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        ulong nanoseconds = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        ulong? cycle = device.Cycle;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            uint interfaceId = InterfaceFor(device);
            Span<byte> packet = _block.AsSpan(BlockOverhead - 4 + EnhancedPacketFixed);
            packet[0] = (byte)'C';
            packet[1] = (byte)'T';
            packet[2] = CosimHeaderVersion;
            packet[3] = (byte)direction;
            BinaryPrimitives.WriteUInt16BigEndian(packet[4..], (ushort)device.Index);
            BinaryPrimitives.WriteUInt16BigEndian(packet[6..], 0);
            int tlpBytes = TlpCodec.Encode(header, payload, packet[CosimHeaderBytes..]);
            int captured = CosimHeaderBytes + tlpBytes;
            int padded = (captured + 3) & ~3;
            packet[captured..padded].Clear();
            int options = cycle is { } simulationCycle ? WriteCycleComment(packet[padded..], simulationCycle) : 0;

            int total = BlockOverhead + EnhancedPacketFixed + padded + options;
            Span<byte> block = _block.AsSpan(0, total);
            BinaryPrimitives.WriteUInt32LittleEndian(block, EnhancedPacketBlock);
            BinaryPrimitives.WriteUInt32LittleEndian(block[4..], (uint)total);
            BinaryPrimitives.WriteUInt32LittleEndian(block[8..], interfaceId);
            BinaryPrimitives.WriteUInt32LittleEndian(block[12..], (uint)(nanoseconds >> 32));
            BinaryPrimitives.WriteUInt32LittleEndian(block[16..], (uint)nanoseconds);
            BinaryPrimitives.WriteUInt32LittleEndian(block[20..], (uint)captured);
            BinaryPrimitives.WriteUInt32LittleEndian(block[24..], (uint)captured);
            BinaryPrimitives.WriteUInt32LittleEndian(block[(total - 4)..], (uint)total);
            _output.Write(block);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _output.Dispose();
            }
        }
    }

    /// <summary>opt_comment "cycle N" and opt_endofopt; returns the bytes written (a multiple of 4).</summary>
    private static int WriteCycleComment(Span<byte> options, ulong cycle)
    {
        Span<byte> text = options[OptionHeader..];
        int length = Encoding.ASCII.GetBytes(CycleCommentPrefix, text);
        cycle.TryFormat(text[length..], out int digits, default, CultureInfo.InvariantCulture);
        length += digits;
        int padded = (length + 3) & ~3;
        text[length..padded].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(options, OptionComment);
        BinaryPrimitives.WriteUInt16LittleEndian(options[2..], (ushort)length);
        Span<byte> end = options[(OptionHeader + padded)..];
        BinaryPrimitives.WriteUInt16LittleEndian(end, OptionEnd);
        BinaryPrimitives.WriteUInt16LittleEndian(end[2..], 0);
        return OptionHeader + padded + OptionHeader;
    }

    private void WriteSectionHeader()
    {
        Span<byte> block = stackalloc byte[28];
        BinaryPrimitives.WriteUInt32LittleEndian(block, SectionHeaderBlock);
        BinaryPrimitives.WriteUInt32LittleEndian(block[4..], 28);
        BinaryPrimitives.WriteUInt32LittleEndian(block[8..], ByteOrderMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(block[12..], 1); // major version
        BinaryPrimitives.WriteUInt16LittleEndian(block[14..], 0); // minor version
        BinaryPrimitives.WriteInt64LittleEndian(block[16..], -1); // section length unknown
        BinaryPrimitives.WriteUInt32LittleEndian(block[24..], 28);
        _output.Write(block);
    }

    // One interface per device, described the first time the device is seen (before its first packet).
    private uint InterfaceFor(TraceDevice device)
    {
        if (_interfaces.TryGetValue(device.Index, out uint id))
        {
            return id;
        }

        id = (uint)_interfaces.Count;
        _interfaces.Add(device.Index, id);
        byte[] name = Encoding.UTF8.GetBytes(device.Name);
        int namePadded = (name.Length + 3) & ~3;
        int optionsLength = 4 + namePadded + 4 + 4 + 4; // if_name, if_tsresol (1 byte padded), end
        int total = BlockOverhead + 8 + optionsLength;
        var block = new byte[total];
        Span<byte> span = block;
        BinaryPrimitives.WriteUInt32LittleEndian(span, InterfaceDescriptionBlock);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)total);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], LinkTypeUser0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], 0); // reserved
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], 0); // snap length: no limit
        int offset = 16;
        BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], OptionInterfaceName);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(offset + 2)..], (ushort)name.Length);
        name.CopyTo(span[(offset + 4)..]);
        offset += 4 + namePadded;
        BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], OptionTimestampResolution);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(offset + 2)..], 1);
        span[offset + 4] = NanosecondResolution;
        offset += 8;
        BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], OptionEnd);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(offset + 2)..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(total - 4)..], (uint)total);
        _output.Write(block);
        return id;
    }
}
