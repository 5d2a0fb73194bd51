using System.Buffers.Binary;
using System.Text.Unicode;

namespace Cosim.Tlp.Link;

// Control frames: handshake, reset, keep-alive and error. Each closes an open Tlps frame first, so frames leave in
// the order they were asked for.
public sealed partial class LinkFrameWriter
{
    /// <summary>Writes Hello (client, first frame).</summary>
    public void WriteHello(in LinkHello hello) => WriteHelloBody(LinkFrameType.Hello, hello);

    /// <summary>Writes HelloAck (server, answer to Hello).</summary>
    public void WriteHelloAck(in LinkHello helloAck) => WriteHelloBody(LinkFrameType.HelloAck, helloAck);

    /// <summary>Writes Auth (client): its 32-byte proof.</summary>
    public void WriteAuth(ReadOnlySpan<byte> proof) => WriteProof(LinkFrameType.Auth, proof);

    /// <summary>Writes AuthOk (server): its 32-byte proof. Call <see cref="Establish"/> after it.</summary>
    public void WriteAuthOk(ReadOnlySpan<byte> proof) => WriteProof(LinkFrameType.AuthOk, proof);

    /// <summary>Writes DeviceReset for <paramref name="device"/>: a Conventional Reset of every function.</summary>
    public void WriteDeviceReset(ushort device)
    {
        RequireEstablished(LinkFrameType.DeviceReset);
        BeginControlFrame(LinkFrameType.DeviceReset, bodyLength: 0, new LinkChannel(device, 0));
        _output.Advance(LinkFrameHeader.Size);
    }

    /// <summary>Writes KeepAlive with an opaque <paramref name="token"/> the peer echoes.</summary>
    public void WriteKeepAlive(ulong token) => WriteToken(LinkFrameType.KeepAlive, token);

    /// <summary>Writes KeepAliveAck echoing the <paramref name="token"/> of a received KeepAlive.</summary>
    public void WriteKeepAliveAck(ulong token) => WriteToken(LinkFrameType.KeepAliveAck, token);

    /// <summary>
    /// Writes Error, allowed in either phase. <paramref name="message"/> is encoded as UTF-8 and cut at a
    /// character boundary to <see cref="LinkError.MaxMessageBytes"/>. The caller flushes and closes after it.
    /// </summary>
    public void WriteError(LinkErrorCode code, ReadOnlySpan<char> message)
    {
        // DestinationTooSmall leaves `written` at the last whole character: exactly the truncation wanted.
        Span<byte> utf8 = stackalloc byte[LinkError.MaxMessageBytes];
        Utf8.FromUtf16(message, utf8, out _, out int written, replaceInvalidSequences: true);

        Span<byte> body = BeginControlFrame(LinkFrameType.Error, LinkError.CodeBytes + written, default);
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)code);
        utf8[..written].CopyTo(body[LinkError.CodeBytes..]);
        _output.Advance(LinkFrameHeader.Size + LinkError.CodeBytes + written);
    }

    /// <summary>Writes the Error frame for a protocol violation of the peer: its code and message.</summary>
    public void WriteError(LinkFormatException violation) => WriteError(violation.ErrorCode, violation.Message);

    private void WriteHelloBody(LinkFrameType type, in LinkHello hello)
    {
        RequireHandshake(type);
        Span<byte> body = BeginControlFrame(type, LinkHello.BodyLength, default);
        hello.Encode(body);
        _output.Advance(LinkFrameHeader.Size + LinkHello.BodyLength);
    }

    private void WriteProof(LinkFrameType type, ReadOnlySpan<byte> proof)
    {
        RequireHandshake(type);
        if (proof.Length != LinkFrameHeader.ProofBodyLength)
        {
            throw new ArgumentException($"A proof is {LinkFrameHeader.ProofBodyLength} bytes.", nameof(proof));
        }

        Span<byte> body = BeginControlFrame(type, LinkFrameHeader.ProofBodyLength, default);
        proof.CopyTo(body);
        _output.Advance(LinkFrameHeader.Size + LinkFrameHeader.ProofBodyLength);
    }

    private void WriteToken(LinkFrameType type, ulong token)
    {
        RequireEstablished(type);
        Span<byte> body = BeginControlFrame(type, LinkFrameHeader.KeepAliveBodyLength, default);
        BinaryPrimitives.WriteUInt64BigEndian(body, token);
        _output.Advance(LinkFrameHeader.Size + LinkFrameHeader.KeepAliveBodyLength);
    }

    // Closes an open Tlps frame, writes the header and returns the body slot; the caller fills it and advances.
    private Span<byte> BeginControlFrame(LinkFrameType type, int bodyLength, LinkChannel channel)
    {
        CloseFrame();
        Span<byte> frame = _output.GetSpan(LinkFrameHeader.Size + bodyLength);
        new LinkFrameHeader(type, LinkFrameFlags.None, bodyLength, _nextSequence++, channel).Write(frame);
        return frame.Slice(LinkFrameHeader.Size, bodyLength);
    }

    private void RequireHandshake(LinkFrameType type)
    {
        if (IsEstablished)
        {
            LinkThrowHelper.ThrowInvalidOperation($"A {type} frame cannot be sent after the handshake.");
        }
    }
}
