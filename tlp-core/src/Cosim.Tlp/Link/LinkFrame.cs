using System.Buffers;

namespace Cosim.Tlp.Link;

/// <summary>
/// One frame as <see cref="LinkFrameReader"/> found it: the checked header and the body, a slice of the receive
/// buffer (no copy). The body is valid until the caller advances the pipe past it.
/// </summary>
public readonly struct LinkFrame
{
    /// <summary>Pairs a header with its body.</summary>
    public LinkFrame(LinkFrameHeader header, ReadOnlySequence<byte> body)
    {
        Header = header;
        Body = body;
    }

    /// <summary>The frame header.</summary>
    public LinkFrameHeader Header { get; }

    /// <summary>The body bytes; may span several buffer segments.</summary>
    public ReadOnlySequence<byte> Body { get; }

    /// <summary>Shortcut for <see cref="LinkFrameHeader.Type"/>.</summary>
    public LinkFrameType Type => Header.Type;

    /// <summary>Shortcut for <see cref="LinkFrameHeader.Channel"/>.</summary>
    public LinkChannel Channel => Header.Channel;

    // Message decoders call this: a hand-built frame of the wrong type is a caller bug, not peer input.
    internal void RequireType(LinkFrameType expected, string parameterName)
    {
        if (Header.Type != expected)
        {
            throw new ArgumentException($"Expected a {expected} frame, got {Header.Type}.", parameterName);
        }
    }

    // Fixed-size bodies: the reader already checked Length, but a hand-built frame may not have been read.
    internal void RequireBodyLength(int expected)
    {
        if (Body.Length != expected)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.BodyLengthMismatch, "Length", (ulong)Body.Length);
        }
    }
}
