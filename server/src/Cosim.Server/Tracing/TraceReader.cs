using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cosim.Tlp;

namespace Cosim.Server.Tracing;

/// <summary>Reads trace files back: JSON lines from <see cref="JsonLinesTraceWriter"/>, pcapng from <see cref="PcapNgTraceWriter"/>.</summary>
public static class TraceReader
{
    private const uint SectionHeaderBlock = 0x0A0D_0D0A;
    private const uint InterfaceDescriptionBlock = 1;
    private const uint EnhancedPacketBlock = 6;
    private const ushort OptionComment = 1;
    private const ushort OptionInterfaceName = 2;

    /// <summary>Every record of <paramref name="path"/> (format by extension), in file order.</summary>
    /// <exception cref="InvalidDataException">A line or block is not what the writers produce (the message says where).</exception>
    public static IEnumerable<TraceRecord> Read(string path) =>
        path.EndsWith(".pcapng", StringComparison.OrdinalIgnoreCase) ? ReadPcapNg(File.ReadAllBytes(path)) : ReadJsonLines(path);

    private static IEnumerable<TraceRecord> ReadJsonLines(string path)
    {
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            TraceRecord record;
            try
            {
                using var document = JsonDocument.Parse(line);
                JsonElement root = document.RootElement;
                byte[] headerBytes = Convert.FromHexString(root.GetProperty("header").GetString()!);
                record = new TraceRecord(
                    root.GetProperty("ns").GetInt64(),
                    root.GetProperty("device").GetString()!,
                    root.GetProperty("direction").GetString() == "up" ? TlpDirection.Upstream : TlpDirection.Downstream,
                    DecodeHeader(headerBytes),
                    root.GetProperty("payloadLength").GetInt32(),
                    Convert.FromHexString(root.GetProperty("payload").GetString()!),
                    root.TryGetProperty("cycle", out JsonElement cycle) ? cycle.GetUInt64() : null);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or TlpFormatException)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a Cosim trace line ({e.Message})", e);
            }

            yield return record;
        }
    }

    // The header alone: pad it with a zero payload of the size its Length field says, then decode.
    private static TlpHeader DecodeHeader(byte[] headerBytes)
    {
        int total = TlpCodec.TotalSizeFromFirstDword(headerBytes);
        var tlp = new byte[total];
        headerBytes.CopyTo(tlp, 0);
        return TlpCodec.Decode(tlp, out _);
    }

    private static List<TraceRecord> ReadPcapNg(byte[] file)
    {
        var records = new List<TraceRecord>();
        var interfaces = new List<string>();
        int offset = 0;
        while (offset + 12 <= file.Length)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset));
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 4));
            if (length < 12 || offset + length > file.Length)
            {
                throw new InvalidDataException($"pcapng block at offset {offset} has length {length}");
            }

            ReadOnlySpan<byte> body = file.AsSpan(offset + 8, length - 12);
            switch (type)
            {
                case SectionHeaderBlock:
                    break;
                case InterfaceDescriptionBlock:
                    interfaces.Add(ReadInterfaceName(body) ?? $"interface{interfaces.Count}");
                    break;
                case EnhancedPacketBlock:
                    records.Add(ReadPacket(body, interfaces, offset));
                    break;
            }

            offset += length;
        }

        return records;
    }

    private static string? ReadInterfaceName(ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> options = body[8..];
        while (options.Length >= 4)
        {
            ushort code = BinaryPrimitives.ReadUInt16LittleEndian(options);
            ushort length = BinaryPrimitives.ReadUInt16LittleEndian(options[2..]);
            if (code == 0 || options.Length < 4 + length)
            {
                break;
            }

            if (code == OptionInterfaceName)
            {
                return Encoding.UTF8.GetString(options.Slice(4, length));
            }

            options = options[(4 + ((length + 3) & ~3))..];
        }

        return null;
    }

    private static TraceRecord ReadPacket(ReadOnlySpan<byte> body, List<string> interfaces, int offset)
    {
        int interfaceId = (int)BinaryPrimitives.ReadUInt32LittleEndian(body);
        ulong timestamp = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(body[4..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        int captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[12..]);
        ReadOnlySpan<byte> packet = body.Slice(20, captured);
        if (captured < PcapNgTraceWriter.CosimHeaderBytes || packet[0] != 'C' || packet[1] != 'T' || interfaceId >= interfaces.Count)
        {
            throw new InvalidDataException($"pcapng packet at offset {offset} is not a Cosim TLP");
        }

        var direction = (TlpDirection)packet[3];
        TlpHeader header = TlpCodec.Decode(packet[PcapNgTraceWriter.CosimHeaderBytes..], out ReadOnlySpan<byte> payload);
        int optionsStart = 20 + ((captured + 3) & ~3);
        ulong? cycle = optionsStart <= body.Length ? ReadCycleComment(body[optionsStart..]) : null;
        return new TraceRecord((long)timestamp, interfaces[interfaceId], direction, header, payload.Length,
            payload[..Math.Min(payload.Length, JsonLinesTraceWriter.PayloadPreviewBytes)].ToArray(), cycle);
    }

    /// <summary>The cycle of an Enhanced Packet Block's <c>opt_comment</c> "cycle N", or null when it has none.</summary>
    private static ulong? ReadCycleComment(ReadOnlySpan<byte> options)
    {
        while (options.Length >= 4)
        {
            ushort code = BinaryPrimitives.ReadUInt16LittleEndian(options);
            ushort length = BinaryPrimitives.ReadUInt16LittleEndian(options[2..]);
            if (code == 0 || options.Length < 4 + length)
            {
                break;
            }

            string text = Encoding.UTF8.GetString(options.Slice(4, length));
            if (code == OptionComment && text.StartsWith(PcapNgTraceWriter.CycleCommentPrefix, StringComparison.Ordinal)
                && ulong.TryParse(text.AsSpan(PcapNgTraceWriter.CycleCommentPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out ulong cycle))
            {
                return cycle;
            }

            options = options[(4 + ((length + 3) & ~3))..];
        }

        return null;
    }
}
