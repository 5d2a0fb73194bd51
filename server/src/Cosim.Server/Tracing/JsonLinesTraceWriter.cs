using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cosim.Tlp;

namespace Cosim.Server.Tracing;

/// <summary>
/// Writes one JSON object per TLP and line: when (<c>time</c> UTC, <c>ns</c> since the trace began, and <c>cycle</c>,
/// the simulation cycle, for a device with a <see cref="TraceDevice.Clock"/>), where
/// (<c>device</c>, <c>deviceIndex</c>, <c>direction</c> "down" to the device or "up" from it), the decoded header
/// fields the TLP type has, <c>payloadLength</c>, the first 16 payload bytes (<c>payload</c>, hex) and the whole
/// encoded header (<c>header</c>, hex). Thread-safe; one JSON writer and buffer are reused for every line.
/// </summary>
public sealed class JsonLinesTraceWriter : ITlpTraceSink
{
    /// <summary>How many payload bytes a line shows.</summary>
    public const int PayloadPreviewBytes = 16;

    private readonly Lock _lock = new();
    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly DateTime _startTime = DateTime.UtcNow;
    private readonly byte[] _header = new byte[TlpHeader.MaxHeaderBytes];
    private bool _disposed;

    /// <summary>Writes to <paramref name="output"/> (owned: disposed with the writer).</summary>
    public JsonLinesTraceWriter(Stream output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_line, new JsonWriterOptions { SkipValidation = true });
    }

    /// <inheritdoc />
    public void Record(TraceDevice device, TlpDirection direction, in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        long elapsed = Stopwatch.GetTimestamp() - _start;
        ulong? cycle = device.Cycle;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _line.ResetWrittenCount();
            _json.Reset(_line);
            WriteRecord(device, direction, header, payload, elapsed, cycle);
            _json.Flush();
            _output.Write(_line.WrittenSpan);
            _output.WriteByte((byte)'\n');
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _json.Dispose();
            _output.Dispose();
        }
    }

    private void WriteRecord(TraceDevice device, TlpDirection direction, in TlpHeader header, ReadOnlySpan<byte> payload, long elapsed, ulong? cycle)
    {
        long nanoseconds = (long)(elapsed * (1e9 / Stopwatch.Frequency));
        Utf8JsonWriter json = _json;
        json.WriteStartObject();
        json.WriteString("time", _startTime.AddTicks(nanoseconds / 100));
        json.WriteNumber("ns", nanoseconds);
        if (cycle is { } simulationCycle)
        {
            json.WriteNumber("cycle", simulationCycle);
        }

        json.WriteString("device", device.Name);
        json.WriteNumber("deviceIndex", device.Index);
        json.WriteString("direction", direction == TlpDirection.Downstream ? "down" : "up");
        json.WriteString("type", TlpMnemonic.Of(header.Kind));
        json.WriteString("fmt", header.FourDwHeader ? "4DW" : "3DW");
        json.WriteNumber("tc", header.TrafficClass);
        json.WriteNumber("attr", (int)header.Attributes);
        json.WriteNumber("length", header.Length);
        json.WriteString("requester", header.RequesterId.ToString());
        json.WriteNumber("tag", header.Tag);
        if (header.IsCompletion)
        {
            json.WriteString("completer", header.CompleterId.ToString());
            json.WriteString("status", TlpMnemonic.Of(header.Status));
            json.WriteNumber("byteCount", header.ByteCount);
            json.WriteNumber("lowerAddress", header.LowerAddress);
        }
        else if (header.IsMessage)
        {
            json.WriteString("routing", header.Routing.ToString());
            json.WriteString("message", header.MessageCode.ToString());
        }
        else
        {
            json.WriteNumber("firstBe", header.FirstDwByteEnables);
            json.WriteNumber("lastBe", header.LastDwByteEnables);
            if (header.IsConfigRequest)
            {
                json.WriteString("destination", header.DestinationId.ToString());
                json.WriteString("register", string.Create(CultureInfo.InvariantCulture, $"0x{header.Address:x3}"));
            }
            else
            {
                json.WriteString("address", string.Create(CultureInfo.InvariantCulture, $"0x{header.Address:x}"));
            }
        }

        json.WriteNumber("payloadLength", payload.Length);
        json.WriteString("payload", Convert.ToHexStringLower(payload[..Math.Min(payload.Length, PayloadPreviewBytes)]));
        int headerBytes = TlpCodec.EncodeHeader(header, _header);
        json.WriteString("header", Convert.ToHexStringLower(_header.AsSpan(0, headerBytes)));
        json.WriteEndObject();
    }
}
