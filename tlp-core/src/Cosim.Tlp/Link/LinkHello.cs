using System.Buffers;
using System.Buffers.Binary;

namespace Cosim.Tlp.Link;

/// <summary>
/// The body of Hello (client's offer) and of HelloAck (server's decision plus its challenge): one layout, 52 bytes
/// (docs/wire-protocol.md §5).
/// </summary>
/// <remarks>
/// <code>
///  byte   +0                +1                +2                +3
///       +-----------------+-----------------+-----------------+-----------------+
///   0   |           MinorVersion            |        AuthenticationMode         |
///       +-----------------+-----------------+-----------------+-----------------+
///   4   |                          MaxFrameBodyLength                           |
///       +-----------------+-----------------+-----------------+-----------------+
///   8   |                          Features [63:32]                             |
///  12   |                          Features [31:0]                              |
///       +-----------------+-----------------+-----------------+-----------------+
///  16   |                       IdleTimeoutMilliseconds                         |
///       +-----------------+-----------------+-----------------+-----------------+
///  20   |                        Nonce (32 random bytes)                        |
///  ..   |                                                                       |
///  48   |                                                                       |
///       +-----------------+-----------------+-----------------+-----------------+
/// </code>
/// </remarks>
public readonly record struct LinkHello
{
    /// <summary>Body size in bytes.</summary>
    public const int BodyLength = 52;

    private const int MinorVersionOffset = 0;
    private const int AuthenticationModeOffset = 2;
    private const int MaxFrameBodyLengthOffset = 4;
    private const int FeaturesOffset = 8;
    private const int IdleTimeoutOffset = 16;
    private const int NonceOffset = 20;
    private const uint MinimumIdleTimeoutMilliseconds = 1000;

    /// <summary>Bytes 0-1: the sender's minor version (Hello) or the smaller of both (HelloAck).</summary>
    public ushort MinorVersion { get; init; }

    /// <summary>Bytes 2-3: whether the sender has a shared secret.</summary>
    public LinkAuthenticationMode AuthenticationMode { get; init; }

    /// <summary>Bytes 4-7: the largest frame body the sender accepts (Hello) or both use (HelloAck).</summary>
    public int MaxFrameBodyLength { get; init; }

    /// <summary>Bytes 8-15: features offered (Hello) or accepted (HelloAck).</summary>
    public LinkFeatures Features { get; init; }

    /// <summary>Bytes 16-19: idle timeout in ms, 0 for none (Hello) or the one both use (HelloAck).</summary>
    public uint IdleTimeoutMilliseconds { get; init; }

    /// <summary>Bytes 20-51: the sender's fresh random nonce.</summary>
    public LinkNonce Nonce { get; init; }

    /// <summary>
    /// Decodes the body of a Hello or HelloAck frame. Throws <see cref="LinkFormatException"/> for a parameter out
    /// of range (<see cref="LinkRule.ParameterOutOfRange"/>) or an all-zero nonce (<see cref="LinkRule.ZeroNonce"/>).
    /// </summary>
    public static LinkHello Decode(in LinkFrame frame)
    {
        if (frame.Type != LinkFrameType.HelloAck)
        {
            frame.RequireType(LinkFrameType.Hello, nameof(frame));
        }

        frame.RequireBodyLength(BodyLength);
        ReadOnlySequence<byte> body = frame.Body;
        if (body.IsSingleSegment)
        {
            return Decode(body.FirstSpan);
        }

        Span<byte> copy = stackalloc byte[BodyLength];
        body.CopyTo(copy);
        return Decode(copy);
    }

    /// <summary>Writes the <see cref="BodyLength"/>-byte body to the front of <paramref name="body"/>.</summary>
    public void Encode(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16BigEndian(body[MinorVersionOffset..], MinorVersion);
        BinaryPrimitives.WriteUInt16BigEndian(body[AuthenticationModeOffset..], (ushort)AuthenticationMode);
        BinaryPrimitives.WriteUInt32BigEndian(body[MaxFrameBodyLengthOffset..], (uint)MaxFrameBodyLength);
        BinaryPrimitives.WriteUInt64BigEndian(body[FeaturesOffset..], (ulong)Features);
        BinaryPrimitives.WriteUInt32BigEndian(body[IdleTimeoutOffset..], IdleTimeoutMilliseconds);
        Nonce.Write(body[NonceOffset..]);
    }

    private static LinkHello Decode(ReadOnlySpan<byte> body)
    {
        ushort mode = BinaryPrimitives.ReadUInt16BigEndian(body[AuthenticationModeOffset..]);
        uint maxBody = BinaryPrimitives.ReadUInt32BigEndian(body[MaxFrameBodyLengthOffset..]);
        uint idle = BinaryPrimitives.ReadUInt32BigEndian(body[IdleTimeoutOffset..]);
        var nonce = LinkNonce.Read(body[NonceOffset..]);

        Require(
            mode is (ushort)LinkAuthenticationMode.None or (ushort)LinkAuthenticationMode.HmacSha256,
            "AuthenticationMode",
            mode);
        Require(
            maxBody is >= LinkFrameHeader.MinimumMaxBodyLength and <= LinkFrameHeader.MaximumMaxBodyLength,
            "MaxFrameBodyLength",
            maxBody);
        Require(idle is 0 or >= MinimumIdleTimeoutMilliseconds, "IdleTimeoutMilliseconds", idle);
        if (nonce.IsZero)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.ZeroNonce, "Nonce", 0);
        }

        return new LinkHello
        {
            MinorVersion = BinaryPrimitives.ReadUInt16BigEndian(body[MinorVersionOffset..]),
            AuthenticationMode = (LinkAuthenticationMode)mode,
            MaxFrameBodyLength = (int)maxBody,
            Features = (LinkFeatures)BinaryPrimitives.ReadUInt64BigEndian(body[FeaturesOffset..]),
            IdleTimeoutMilliseconds = idle,
            Nonce = nonce,
        };
    }

    private static void Require(bool condition, string field, ulong value)
    {
        if (!condition)
        {
            LinkThrowHelper.ThrowViolation(LinkRule.ParameterOutOfRange, field, value);
        }
    }
}
