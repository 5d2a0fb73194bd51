using System.Buffers.Binary;

namespace Cosim.Tlp.Link;

/// <summary>
/// The 16-byte header in front of every frame on a Cosim TCP link (docs/wire-protocol.md §3). Big-endian, like
/// the TLP DWs it carries, so a hex dump of a frame reads left to right in one byte order.
/// </summary>
/// <remarks>
/// <code>
///  byte   +0                +1                +2                +3
///       +-----------------+-----------------+-----------------+-----------------+
///   0   |   Magic 43h 'C' |   Magic 4Ch 'L' | Version (major) |      Type       |
///       +-----------------+-----------------+-----------------+-----------------+
///   4   |                  Length: body bytes after this header                 |
///       +-----------------+-----------------+-----------------+-----------------+
///   8   |             Sequence: 0 for each direction's first frame, then +1     |
///       +-----------------+-----------------+-----------------+-----------------+
///  12   |              Device             |    Function     |      Flags      |
///       +-----------------+-----------------+-----------------+-----------------+
/// </code>
/// Bytes 0-2 are fixed for every major version, so a peer of another version is recognised and answered with
/// Error VersionMismatch. <see cref="Parse"/> checks everything the header alone decides; the limits that depend
/// on the handshake (maximum length, features, sequence, phase) are <see cref="LinkFrameReader"/>'s.
/// </remarks>
public readonly struct LinkFrameHeader
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 16;

    /// <summary>Bytes 0-1: "CL" (Cosim Link).</summary>
    public const ushort Magic = 0x434C;

    /// <summary>Byte 2: the major protocol version this code speaks.</summary>
    public const byte MajorVersion = 1;

    /// <summary>The minor protocol version this code speaks (negotiated in Hello: both use the smaller).</summary>
    public const ushort MinorVersion = 0;

    /// <summary>The maximum body length before the handshake completes (no handshake frame comes near it).</summary>
    public const int HandshakeMaxBodyLength = 4096;

    /// <summary>The smallest maximum frame body a side may declare: one largest TLP plus its timestamp fits.</summary>
    public const int MinimumMaxBodyLength = 8192;

    /// <summary>The largest maximum frame body a side may declare (16 MiB); no Length above it is ever valid.</summary>
    public const int MaximumMaxBodyLength = 16 * 1024 * 1024;

    /// <summary>The maximum frame body Cosim declares unless configured otherwise (64 KiB).</summary>
    public const int DefaultMaxBodyLength = 64 * 1024;

    /// <summary>Size of the per-TLP timestamp in a Timestamped Tlps frame.</summary>
    public const int TimestampBytes = 8;

    /// <summary>Body of KeepAlive and KeepAliveAck: one u64 token.</summary>
    public const int KeepAliveBodyLength = 8;

    /// <summary>Body of Auth and AuthOk: one HMAC-SHA256 proof.</summary>
    public const int ProofBodyLength = 32;

    /// <summary>Smallest Tlps body: one 3 DW TLP without data.</summary>
    public const int MinimumTlpsBodyLength = 12;

    private const int MagicOffset = 0;
    private const int VersionOffset = 2;
    private const int TypeOffset = 3;
    private const int LengthOffset = 4;
    private const int SequenceOffset = 8;
    private const int DeviceOffset = 12;
    private const int FunctionOffset = 14;
    private const int FlagsOffset = 15;

    /// <summary>Creates a header; nothing is checked here (the writer builds only valid ones).</summary>
    public LinkFrameHeader(LinkFrameType type, LinkFrameFlags flags, int bodyLength, uint sequence, LinkChannel channel)
    {
        Type = type;
        Flags = flags;
        BodyLength = bodyLength;
        Sequence = sequence;
        Channel = channel;
    }

    /// <summary>Byte 3: what the body holds.</summary>
    public LinkFrameType Type { get; }

    /// <summary>Byte 15: per-type flags.</summary>
    public LinkFrameFlags Flags { get; }

    /// <summary>Bytes 4-7: body length in bytes, header excluded.</summary>
    public int BodyLength { get; }

    /// <summary>Bytes 8-11: frame number in this direction, for diagnostics and to detect framing bugs.</summary>
    public uint Sequence { get; }

    /// <summary>Bytes 12-14: the device and function a Tlps or DeviceReset frame concerns; 0/0 otherwise.</summary>
    public LinkChannel Channel { get; }

    /// <summary>True for Tlps frames that carry a timestamp before each TLP.</summary>
    public bool IsTimestamped => (Flags & LinkFrameFlags.Timestamped) != 0;

    /// <summary>The whole frame's size on the wire: header plus body.</summary>
    public int FrameLength => Size + BodyLength;

    /// <summary>
    /// Reads and checks the header at the front of <paramref name="header"/> (at least <see cref="Size"/> bytes):
    /// magic, version, type, reserved flags and fields, and the body length the type allows. Throws
    /// <see cref="LinkFormatException"/> naming the first broken rule, in byte order.
    /// </summary>
    public static LinkFrameHeader Parse(ReadOnlySpan<byte> header)
    {
        if (header.Length < Size)
        {
            throw new ArgumentException($"A frame header is {Size} bytes.", nameof(header));
        }

        ushort magic = BinaryPrimitives.ReadUInt16BigEndian(header[MagicOffset..]);
        byte version = header[VersionOffset];
        var type = (LinkFrameType)header[TypeOffset];
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header[LengthOffset..]);
        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(header[SequenceOffset..]);
        ushort device = BinaryPrimitives.ReadUInt16BigEndian(header[DeviceOffset..]);
        byte function = header[FunctionOffset];
        var flags = (LinkFrameFlags)header[FlagsOffset];

        Require(magic == Magic, LinkRule.BadMagic, "Magic", magic);
        Require(version == MajorVersion, LinkRule.UnsupportedVersion, "Version", version);
        Require(IsDefined(type), LinkRule.UnknownFrameType, "Type", (ulong)type);
        Require(length <= MaximumMaxBodyLength, LinkRule.FrameTooLarge, "Length", length);

        LinkFrameFlags allowed = type == LinkFrameType.Tlps ? LinkFrameFlags.Timestamped : LinkFrameFlags.None;
        Require((flags & ~allowed) == 0, LinkRule.ReservedFlagsSet, "Flags", (ulong)flags);

        if (type == LinkFrameType.DeviceReset)
        {
            // A Conventional Reset resets the whole device: the Function field has no meaning.
            Require(function == 0, LinkRule.ReservedFieldNotZero, "Function", function);
        }
        else if (type != LinkFrameType.Tlps)
        {
            Require(device == 0, LinkRule.ReservedFieldNotZero, "Device", device);
            Require(function == 0, LinkRule.ReservedFieldNotZero, "Function", function);
        }

        int timestamp = (flags & LinkFrameFlags.Timestamped) != 0 ? TimestampBytes : 0;
        (int minimum, int maximum) = BodyLengthBounds(type, timestamp);
        Require(length >= minimum && length <= maximum, LinkRule.BodyLengthMismatch, "Length", length);

        return new LinkFrameHeader(type, flags, (int)length, sequence, new LinkChannel(device, function));
    }

    /// <summary>Writes the header to the front of <paramref name="destination"/> (at least <see cref="Size"/> bytes).</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination[MagicOffset..], Magic);
        destination[VersionOffset] = MajorVersion;
        destination[TypeOffset] = (byte)Type;
        BinaryPrimitives.WriteUInt32BigEndian(destination[LengthOffset..], (uint)BodyLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[SequenceOffset..], Sequence);
        BinaryPrimitives.WriteUInt16BigEndian(destination[DeviceOffset..], Channel.Device);
        destination[FunctionOffset] = Channel.Function;
        destination[FlagsOffset] = (byte)Flags;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Type} #{Sequence} {Channel} flags {Flags} length {BodyLength}";

    // Handshake frames travel before the handshake completes; the rest after it (Error in both phases).
    internal static bool IsHandshakeType(LinkFrameType type) => type is
        LinkFrameType.Hello or LinkFrameType.HelloAck or LinkFrameType.Auth or LinkFrameType.AuthOk;

    private static bool IsDefined(LinkFrameType type) => type is
        LinkFrameType.Hello or LinkFrameType.HelloAck or LinkFrameType.Auth or LinkFrameType.AuthOk
        or LinkFrameType.Tlps or LinkFrameType.DeviceReset or LinkFrameType.KeepAlive or LinkFrameType.KeepAliveAck
        or LinkFrameType.Error;

    private static (int Minimum, int Maximum) BodyLengthBounds(LinkFrameType type, int timestamp) => type switch
    {
        LinkFrameType.Hello or LinkFrameType.HelloAck => (LinkHello.BodyLength, LinkHello.BodyLength),
        LinkFrameType.Auth or LinkFrameType.AuthOk => (ProofBodyLength, ProofBodyLength),
        LinkFrameType.KeepAlive or LinkFrameType.KeepAliveAck => (KeepAliveBodyLength, KeepAliveBodyLength),
        LinkFrameType.DeviceReset => (0, 0),
        LinkFrameType.Error => (LinkError.CodeBytes, LinkError.CodeBytes + LinkError.MaxMessageBytes),
        _ => (timestamp + MinimumTlpsBodyLength, MaximumMaxBodyLength),
    };

    private static void Require(bool condition, LinkRule rule, string field, ulong value)
    {
        if (!condition)
        {
            LinkThrowHelper.ThrowViolation(rule, field, value);
        }
    }
}
