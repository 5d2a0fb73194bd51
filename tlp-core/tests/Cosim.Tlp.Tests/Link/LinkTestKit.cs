using System.Buffers;
using Cosim.Tlp.Link;

namespace Cosim.Tlp.Tests.Link;

/// <summary>Readers and writers already past the handshake, and shared vectors.</summary>
internal static class LinkTestKit
{
    /// <summary>The secret of the documented HMAC vectors: 32 ASCII bytes "0123456789abcdef0123456789abcdef".</summary>
    public static readonly byte[] Secret = "0123456789abcdef0123456789abcdef"u8.ToArray();

    /// <summary>An MSI: MWr 3 DW from 01:00.0, tag 0, to FEE0_0000h, one DW of data 21 00 00 00.</summary>
    public static readonly TlpHeader MsiWrite = TlpHeader.MemoryWrite(new PcieId(0x0100), tag: 0, address: 0xFEE0_0000, byteCount: 4);

    public static readonly byte[] MsiPayload = [0x21, 0x00, 0x00, 0x00];

    public static LinkParameters Parameters(
        LinkFeatures features = LinkFeatures.None,
        int maxFrameBodyLength = LinkFrameHeader.DefaultMaxBodyLength) =>
        new(LinkFrameHeader.MinorVersion, features, maxFrameBodyLength, TimeSpan.FromSeconds(30));

    public static LinkFrameReader EstablishedReader(LinkFeatures features = LinkFeatures.None, int maxFrameBodyLength = LinkFrameHeader.DefaultMaxBodyLength)
    {
        var reader = new LinkFrameReader();
        reader.Establish(Parameters(features, maxFrameBodyLength));
        return reader;
    }

    public static LinkFrameWriter EstablishedWriter(IBufferWriter<byte> output, LinkFeatures features = LinkFeatures.None, int maxFrameBodyLength = LinkFrameHeader.DefaultMaxBodyLength)
    {
        var writer = new LinkFrameWriter(output);
        writer.Establish(Parameters(features, maxFrameBodyLength));
        return writer;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>Reads every frame of <paramref name="stream"/>; fails if bytes are left over.</summary>
    public static List<(LinkFrameHeader Header, byte[] Body)> ReadAll(LinkFrameReader reader, ReadOnlySequence<byte> stream)
    {
        var frames = new List<(LinkFrameHeader, byte[])>();
        while (reader.TryReadFrame(ref stream, out LinkFrame frame))
        {
            frames.Add((frame.Header, frame.Body.ToArray()));
        }

        Assert.Equal(0, stream.Length);
        return frames;
    }

    /// <summary>Every TLP of a Tlps frame as (timestamp, header, payload copy).</summary>
    public static List<(ulong Timestamp, TlpHeader Header, byte[] Payload)> ReadTlps(in LinkFrame frame)
    {
        var tlps = new List<(ulong, TlpHeader, byte[])>();
        var batch = new TlpBatchReader(frame, new byte[TlpBatchReader.ScratchBytes]);
        while (batch.TryReadNext(out TlpHeader header, out ReadOnlySpan<byte> payload))
        {
            tlps.Add((batch.Timestamp, header, payload.ToArray()));
        }

        return tlps;
    }
}
