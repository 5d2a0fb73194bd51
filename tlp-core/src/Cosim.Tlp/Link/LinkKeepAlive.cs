using System.Buffers;
using System.Buffers.Binary;

namespace Cosim.Tlp.Link;

/// <summary>
/// KeepAlive and KeepAliveAck bodies: one big-endian u64 token, opaque to the receiver, which echoes it in the
/// KeepAliveAck (a sender may put a clock value in it to measure round-trip time).
/// </summary>
public static class LinkKeepAlive
{
    /// <summary>Reads the token of a KeepAlive or KeepAliveAck frame.</summary>
    public static ulong ReadToken(in LinkFrame frame)
    {
        if (frame.Type != LinkFrameType.KeepAliveAck)
        {
            frame.RequireType(LinkFrameType.KeepAlive, nameof(frame));
        }

        frame.RequireBodyLength(LinkFrameHeader.KeepAliveBodyLength);
        Span<byte> token = stackalloc byte[LinkFrameHeader.KeepAliveBodyLength];
        frame.Body.CopyTo(token);
        return BinaryPrimitives.ReadUInt64BigEndian(token);
    }
}
