using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Cosim.Tlp.Link;

/// <summary>
/// The body of an Error frame: the code (bytes 0-1) and a UTF-8 message filling the rest (0-1024 bytes). The
/// sender closes the connection after it; the receiver logs it and closes too.
/// </summary>
/// <param name="Code">Why the peer closes.</param>
/// <param name="Message">Human-readable detail (invalid UTF-8 decodes to U+FFFD; it is a last word, not checked).</param>
public readonly record struct LinkError(LinkErrorCode Code, string Message)
{
    /// <summary>Size of the code field.</summary>
    public const int CodeBytes = 2;

    /// <summary>Longest message in bytes; a writer truncates longer ones at a character boundary.</summary>
    public const int MaxMessageBytes = 1024;

    /// <summary>Decodes an Error frame. Codes this side does not know are kept as their number.</summary>
    public static LinkError Decode(in LinkFrame frame)
    {
        frame.RequireType(LinkFrameType.Error, nameof(frame));
        ReadOnlySequence<byte> body = frame.Body;
        if (body.Length is < CodeBytes or > CodeBytes + MaxMessageBytes)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.BodyLengthMismatch, "Length", (ulong)body.Length);
        }

        Span<byte> code = stackalloc byte[CodeBytes];
        body.Slice(0, CodeBytes).CopyTo(code);
        string message = Encoding.UTF8.GetString(body.Slice(CodeBytes));
        return new LinkError((LinkErrorCode)BinaryPrimitives.ReadUInt16BigEndian(code), message);
    }
}
