using System.Buffers;

namespace Cosim.Tlp.Link;

/// <summary>
/// Splits a received byte stream into frames, Pipelines style: <see cref="TryReadFrame"/> either returns a whole
/// frame (its body a slice of the buffer, not a copy) and moves the buffer past it, returns <c>false</c> to ask
/// for more bytes (consuming nothing), or throws <see cref="LinkFormatException"/>. One reader per connection;
/// it tracks the handshake phase, the negotiated limits and the expected sequence number.
/// </summary>
/// <example>
/// <code>
/// ReadResult result = await input.ReadAsync();
/// ReadOnlySequence&lt;byte&gt; buffer = result.Buffer;
/// try
/// {
///     while (reader.TryReadFrame(ref buffer, out LinkFrame frame)) { Dispatch(frame); }
/// }
/// finally
/// {
///     input.AdvanceTo(buffer.Start, buffer.End);
/// }
/// </code>
/// </example>
public sealed class LinkFrameReader
{
    private uint _expectedSequence;

    /// <summary>Creates a reader in the handshake phase, with the handshake body limit.</summary>
    public LinkFrameReader()
    {
        MaxBodyLength = LinkFrameHeader.HandshakeMaxBodyLength;
    }

    /// <summary>The largest Length accepted: <see cref="LinkFrameHeader.HandshakeMaxBodyLength"/> until established.</summary>
    public int MaxBodyLength { get; private set; }

    /// <summary>The negotiated features (none until established).</summary>
    public LinkFeatures Features { get; private set; }

    /// <summary>False during the handshake (only handshake frames and Error pass), true after it.</summary>
    public bool IsEstablished { get; private set; }

    /// <summary>The Sequence the next frame must carry.</summary>
    public uint ExpectedSequence => _expectedSequence;

    /// <summary>Leaves the handshake phase: from now on traffic frames pass, within the negotiated limits.</summary>
    public void Establish(in LinkParameters parameters)
    {
        parameters.Validate();
        MaxBodyLength = parameters.MaxFrameBodyLength;
        Features = parameters.Features;
        IsEstablished = true;
    }

    /// <summary>
    /// Reads the frame at the front of <paramref name="buffer"/>. On success <paramref name="buffer"/> starts after
    /// the frame. Returns <c>false</c> when the buffer ends inside the frame (nothing consumed). Header rules are
    /// checked as soon as the 16 header bytes are present, so an oversized or foreign frame fails before its body
    /// is buffered.
    /// </summary>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out LinkFrame frame)
    {
        frame = default;
        if (buffer.Length < LinkFrameHeader.Size)
        {
            return false;
        }

        LinkFrameHeader header;
        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (first.Length >= LinkFrameHeader.Size)
        {
            header = LinkFrameHeader.Parse(first);
        }
        else
        {
            // The header straddles segments: copy its 16 bytes once (SequenceReaderExtensions.Binary.cs does the same).
            Span<byte> copy = stackalloc byte[LinkFrameHeader.Size];
            buffer.Slice(0, LinkFrameHeader.Size).CopyTo(copy);
            header = LinkFrameHeader.Parse(copy);
        }

        CheckAgainstLinkState(header);
        long frameLength = header.FrameLength;
        if (buffer.Length < frameLength)
        {
            return false;
        }

        frame = new LinkFrame(header, buffer.Slice(LinkFrameHeader.Size, header.BodyLength));
        buffer = buffer.Slice(frameLength);
        _expectedSequence++;
        return true;
    }

    private void CheckAgainstLinkState(in LinkFrameHeader header)
    {
        LinkFrameType type = header.Type;
        bool allowed = type == LinkFrameType.Error || LinkFrameHeader.IsHandshakeType(type) != IsEstablished;
        if (!allowed)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.UnexpectedFrameType, "Type", (ulong)type);
        }

        if (header.BodyLength > MaxBodyLength)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.FrameTooLarge, "Length", (ulong)header.BodyLength);
        }

        if (header.IsTimestamped && (Features & LinkFeatures.TlpTimestamps) == 0)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.FeatureNotNegotiated, "Flags", (ulong)header.Flags);
        }

        if (header.Sequence != _expectedSequence)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.SequenceMismatch, "Sequence", header.Sequence);
        }
    }
}
