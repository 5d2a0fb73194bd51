using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Cosim.Tlp.Link;

/// <summary>
/// A 32-byte random handshake nonce (Hello and HelloAck bytes 20-51), held as four big-endian u64s so it is a
/// plain value with equality. Never all zeros on the wire (<see cref="LinkRule.ZeroNonce"/>).
/// </summary>
public readonly record struct LinkNonce
{
    /// <summary>Nonce size in bytes.</summary>
    public const int Size = 32;

    private readonly ulong _bytes0To7;
    private readonly ulong _bytes8To15;
    private readonly ulong _bytes16To23;
    private readonly ulong _bytes24To31;

    private LinkNonce(ulong bytes0To7, ulong bytes8To15, ulong bytes16To23, ulong bytes24To31)
    {
        _bytes0To7 = bytes0To7;
        _bytes8To15 = bytes8To15;
        _bytes16To23 = bytes16To23;
        _bytes24To31 = bytes24To31;
    }

    /// <summary>True for the all-zero value, which no side may send.</summary>
    public bool IsZero => (_bytes0To7 | _bytes8To15 | _bytes16To23 | _bytes24To31) == 0;

    /// <summary>32 bytes from the operating system's cryptographic random generator.</summary>
    public static LinkNonce CreateRandom()
    {
        Span<byte> bytes = stackalloc byte[Size];
        do
        {
            RandomNumberGenerator.Fill(bytes);
        }
        while (!bytes.ContainsAnyExcept((byte)0));

        return Read(bytes);
    }

    /// <summary>Reads the nonce from the first <see cref="Size"/> bytes of <paramref name="source"/>.</summary>
    public static LinkNonce Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt64BigEndian(source),
        BinaryPrimitives.ReadUInt64BigEndian(source[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(source[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(source[24..]));

    /// <summary>Writes the nonce's <see cref="Size"/> bytes to the front of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _bytes0To7);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _bytes8To15);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _bytes16To23);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _bytes24To31);
    }

    /// <summary>The 32 bytes in hex.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        Write(bytes);
        return Convert.ToHexString(bytes);
    }
}
