using System.Buffers;
using System.Buffers.Binary;

namespace Cosim.Tlp.Link;

/// <summary>
/// Walks the TLPs in a Tlps frame body (docs/wire-protocol.md §6): each TLP encoded as <see cref="TlpCodec"/>
/// lays it out, self-delimiting through <see cref="TlpCodec.TotalSizeFromFirstDword"/>, preceded by a big-endian
/// u64 timestamp when the frame is Timestamped. No allocation: a TLP inside one buffer segment is decoded in place;
/// only a TLP that straddles segments is copied, once, into the caller's scratch buffer.
/// </summary>
/// <remarks>
/// The payload span a call returns is valid until the next call (it may live in the scratch buffer) and until the
/// pipe advances past the frame. A receiver that keeps payload bytes copies them (<see cref="ITlpReceiver"/>).
/// </remarks>
public ref struct TlpBatchReader
{
    /// <summary>The smallest scratch buffer the reader needs: one largest TLP.</summary>
    public const int ScratchBytes = TlpHeader.MaxTlpBytes;

    private const int DwordBytes = 4;

    private readonly Span<byte> _scratch;
    private ReadOnlySequence<byte> _remaining;
    private long _offset;

    /// <summary>
    /// Starts at the first TLP of <paramref name="frame"/>, a Tlps frame. <paramref name="scratch"/> (at least
    /// <see cref="ScratchBytes"/>; <c>stackalloc</c> is fine) holds TLPs that straddle buffer segments.
    /// </summary>
    public TlpBatchReader(in LinkFrame frame, Span<byte> scratch)
    {
        frame.RequireType(LinkFrameType.Tlps, nameof(frame));
        if (scratch.Length < ScratchBytes)
        {
            throw new ArgumentException($"The scratch buffer must hold {ScratchBytes} bytes.", nameof(scratch));
        }

        _scratch = scratch;
        _remaining = frame.Body;
        _offset = 0;
        Channel = frame.Channel;
        IsTimestamped = frame.Header.IsTimestamped;
        Timestamp = 0;
    }

    /// <summary>The device and function every TLP of this frame belongs to.</summary>
    public LinkChannel Channel { get; }

    /// <summary>True when each TLP carries a timestamp.</summary>
    public bool IsTimestamped { get; }

    /// <summary>The timestamp of the TLP the last successful <see cref="TryReadNext"/> returned (0 if not Timestamped).</summary>
    public ulong Timestamp { get; private set; }

    /// <summary>
    /// Decodes the next TLP. Returns <c>false</c> at the end of the body. A TLP or timestamp cut off by the end of
    /// the body is <see cref="LinkRule.TruncatedTlp"/>; a TLP the codec refuses is <see cref="LinkRule.MalformedTlp"/>
    /// with the <see cref="TlpRule"/> (both <see cref="LinkFormatException"/>).
    /// </summary>
    public bool TryReadNext(out TlpHeader header, out ReadOnlySpan<byte> payload)
    {
        header = default;
        payload = default;
        if (_remaining.IsEmpty)
        {
            return false;
        }

        ulong timestamp = 0;
        if (IsTimestamped)
        {
            timestamp = BinaryPrimitives.ReadUInt64BigEndian(Peek(LinkFrameHeader.TimestampBytes, "Timestamp"));
            Skip(LinkFrameHeader.TimestampBytes);
        }

        int total;
        try
        {
            total = TlpCodec.TotalSizeFromFirstDword(Peek(DwordBytes, "DW0"));
        }
        catch (TlpFormatException exception)
        {
            throw LinkThrowHelper.MalformedTlp(_offset, exception);
        }

        ReadOnlySpan<byte> tlp = Peek(total, "Length");
        try
        {
            header = TlpCodec.Decode(tlp, out payload);
        }
        catch (TlpFormatException exception)
        {
            throw LinkThrowHelper.MalformedTlp(_offset, exception);
        }

        Skip(total);
        Timestamp = timestamp;
        return true;
    }

    // The next count bytes: in place when the current segment holds them, else copied to scratch.
    private readonly ReadOnlySpan<byte> Peek(int count, string field)
    {
        if (_remaining.Length < count)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.TruncatedTlp, field, (ulong)_offset);
        }

        ReadOnlySpan<byte> first = _remaining.FirstSpan;
        if (first.Length >= count)
        {
            return first[..count];
        }

        Span<byte> copy = _scratch[..count];
        _remaining.Slice(0, count).CopyTo(copy);
        return copy;
    }

    private void Skip(int count)
    {
        _remaining = _remaining.Slice(count);
        _offset += count;
    }
}
