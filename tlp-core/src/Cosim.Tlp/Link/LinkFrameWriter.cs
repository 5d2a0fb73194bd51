using System.Buffers;
using System.Buffers.Binary;

namespace Cosim.Tlp.Link;

/// <summary>
/// Writes frames into an <see cref="IBufferWriter{T}"/> (a <c>PipeWriter</c>): TLPs are batched into Tlps frames
/// directly in the output's memory, control frames are written whole. The writer never flushes; the send loop
/// calls <c>FlushAsync</c> once per batch, and a flush that does not complete is the peer's back-pressure.
/// One writer per connection, used by one send loop at a time (not thread-safe).
/// </summary>
/// <remarks>
/// A Tlps frame is assembled in place: the header slot is reserved, TLPs are encoded behind it, and the header is
/// filled in when the frame closes (<see cref="Complete"/>, a channel or timestamp change, a control frame, or
/// when the next TLP does not fit the negotiated maximum or the memory the output handed out). Frames are
/// numbered when they close, so sequence order is byte order.
/// </remarks>
public sealed partial class LinkFrameWriter
{
    private const int LargestTimestampedTlp = LinkFrameHeader.TimestampBytes + TlpHeader.MaxTlpBytes;

    private readonly IBufferWriter<byte> _output;
    private Memory<byte> _frame;
    private int _bodyLength;
    private bool _frameOpen;
    private bool _frameTimestamped;
    private bool _inBatch;
    private LinkChannel _channel;
    private uint _nextSequence;

    /// <summary>Creates a writer in the handshake phase.</summary>
    public LinkFrameWriter(IBufferWriter<byte> output)
    {
        _output = output;
        MaxBodyLength = LinkFrameHeader.HandshakeMaxBodyLength;
    }

    /// <summary>The largest body the peer accepts: the negotiated maximum once established.</summary>
    public int MaxBodyLength { get; private set; }

    /// <summary>The negotiated features (none until established).</summary>
    public LinkFeatures Features { get; private set; }

    /// <summary>False during the handshake (handshake frames and Error only), true after it.</summary>
    public bool IsEstablished { get; private set; }

    /// <summary>The Sequence the next frame will carry.</summary>
    public uint NextSequence => _nextSequence;

    /// <summary>Leaves the handshake phase: Tlps, DeviceReset and keep-alive frames may follow.</summary>
    public void Establish(in LinkParameters parameters)
    {
        parameters.Validate();
        MaxBodyLength = parameters.MaxFrameBodyLength;
        Features = parameters.Features;
        IsEstablished = true;
    }

    /// <summary>
    /// Starts (or continues) a batch of TLPs for <paramref name="channel"/>. A batch open for another channel is
    /// closed first; the same channel keeps filling the open frame.
    /// </summary>
    public void BeginTlps(LinkChannel channel)
    {
        RequireEstablished(LinkFrameType.Tlps);
        if (_frameOpen && channel != _channel)
        {
            CloseFrame();
        }

        _channel = channel;
        _inBatch = true;
    }

    /// <summary>
    /// Appends one TLP to the batch, encoded by <see cref="TlpCodec.Encode"/> (which throws
    /// <see cref="TlpFormatException"/> for a malformed header or a payload of the wrong length; nothing is appended
    /// then). Starts a new frame when the TLP does not fit the current one.
    /// </summary>
    public void AppendTlp(in TlpHeader header, ReadOnlySpan<byte> payload) =>
        Append(timestamped: false, timestamp: 0, header, payload);

    /// <summary>
    /// Appends one TLP preceded by <paramref name="timestamp"/> (requires the negotiated
    /// <see cref="LinkFeatures.TlpTimestamps"/>). Timestamped and plain TLPs never share a frame.
    /// </summary>
    public void AppendTlp(ulong timestamp, in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if ((Features & LinkFeatures.TlpTimestamps) == 0)
        {
            LinkThrowHelper.ThrowInvalidOperation("TLP timestamps were not negotiated.");
        }

        Append(timestamped: true, timestamp, header, payload);
    }

    /// <summary>Closes the batch: the open Tlps frame gets its header and is handed to the output.</summary>
    public void Complete()
    {
        CloseFrame();
        _inBatch = false;
    }

    private void Append(bool timestamped, ulong timestamp, in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (!_inBatch)
        {
            LinkThrowHelper.ThrowInvalidOperation("AppendTlp needs BeginTlps first.");
        }

        int tlpSize = header.TotalSize;
        int size = (timestamped ? LinkFrameHeader.TimestampBytes : 0) + tlpSize;
        if (size > LargestTimestampedTlp)
        {
            // Only a Length beyond 1024 DW gets here, and Validate refuses it (TlpRule.FieldOutOfRange).
            TlpCodec.Validate(header);
        }

        bool fits = _frameOpen
            && _frameTimestamped == timestamped
            && _bodyLength + size <= MaxBodyLength
            && LinkFrameHeader.Size + _bodyLength + size <= _frame.Length;
        if (!fits)
        {
            CloseFrame();
            _frame = _output.GetMemory(LinkFrameHeader.Size + size);
            _frameOpen = true;
            _frameTimestamped = timestamped;
            _bodyLength = 0;
        }

        Span<byte> destination = _frame.Span[(LinkFrameHeader.Size + _bodyLength)..];
        if (timestamped)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, timestamp);
            destination = destination[LinkFrameHeader.TimestampBytes..];
        }

        // Encode validates before it writes; if it throws, _bodyLength is unchanged and the bytes are overwritten later.
        int written = TlpCodec.Encode(header, payload, destination);
        _bodyLength += size - tlpSize + written;
    }

    private void CloseFrame()
    {
        if (!_frameOpen)
        {
            return;
        }

        _frameOpen = false;
        if (_bodyLength == 0)
        {
            // Every TLP of this frame was refused: give nothing to the output (an empty Tlps frame is invalid).
            return;
        }

        var flags = _frameTimestamped ? LinkFrameFlags.Timestamped : LinkFrameFlags.None;
        var frameHeader = new LinkFrameHeader(LinkFrameType.Tlps, flags, _bodyLength, _nextSequence++, _channel);
        frameHeader.Write(_frame.Span);
        _output.Advance(LinkFrameHeader.Size + _bodyLength);
        _frame = default;
    }

    private void RequireEstablished(LinkFrameType type)
    {
        if (!IsEstablished)
        {
            LinkThrowHelper.ThrowInvalidOperation($"A {type} frame cannot be sent before the handshake completes.");
        }
    }
}
