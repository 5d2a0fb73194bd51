using System.Buffers;
using Cosim.Tlp.Link;
using static Cosim.Tlp.Tests.Link.LinkTestKit;

namespace Cosim.Tlp.Tests.Link;

public sealed class LinkFrameWriterTests
{
    [Fact]
    public void WritesMsiTlpsFrameByteExact()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = EstablishedWriter(output);

        writer.BeginTlps(new LinkChannel(3, 0));
        writer.AppendTlp(MsiWrite, MsiPayload);
        writer.Complete();

        Assert.Equal(Hex(LinkFrameVectors.MsiTlps), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void BatchesIntxAssertAndDeassertIntoOneFrame()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = EstablishedWriter(output);
        var requester = new PcieId(0x0101);

        writer.BeginTlps(new LinkChannel(0, 1));
        writer.AppendTlp(TlpHeader.InterruptMessage(requester, InterruptPin.IntA, assert: true), []);
        writer.AppendTlp(TlpHeader.InterruptMessage(requester, InterruptPin.IntA, assert: false), []);
        writer.Complete();

        Assert.Equal(Hex(LinkFrameVectors.IntxTlps), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void WritesTimestampBeforeTheTlp()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = EstablishedWriter(output, LinkFeatures.TlpTimestamps);

        writer.BeginTlps(new LinkChannel(3, 0));
        writer.AppendTlp(timestamp: 123456, MsiWrite, MsiPayload);
        writer.Complete();

        Assert.Equal(Hex(LinkFrameVectors.TimestampedMsiTlps), output.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(nameof(LinkFrameVectors.KeepAlive))]
    [InlineData(nameof(LinkFrameVectors.DeviceReset))]
    [InlineData(nameof(LinkFrameVectors.Error))]
    public void WritesControlFramesByteExact(string vector)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = EstablishedWriter(output);

        string expected;
        switch (vector)
        {
            case nameof(LinkFrameVectors.KeepAlive):
                writer.WriteKeepAlive(0x0123456789ABCDEF);
                expected = LinkFrameVectors.KeepAlive;
                break;
            case nameof(LinkFrameVectors.DeviceReset):
                writer.WriteDeviceReset(device: 3);
                expected = LinkFrameVectors.DeviceReset;
                break;
            default:
                writer.WriteError(LinkErrorCode.ProtocolViolation, "bad");
                expected = LinkFrameVectors.Error;
                break;
        }

        Assert.Equal(Hex(expected), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void WritesHelloAndHelloAckByteExact()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new LinkFrameWriter(output);

        writer.WriteHello(LinkFrameVectors.HelloWith(LinkFrameVectors.ClientNonce));

        Assert.Equal(Hex(LinkFrameVectors.Hello), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void StartsANewFrameWhenTheNextTlpWouldPassTheMaximumBody()
    {
        // 8 KiB maximum; MWr of 1 KiB is 12 + 1024 = 1036 bytes, so 7 fit (7252) and the 8th (8288) does not.
        var output = new ArrayBufferWriter<byte>(1 << 16);
        var writer = EstablishedWriter(output, maxFrameBodyLength: 8192);
        var write = TlpHeader.MemoryWrite(new PcieId(0x0100), 0, 0x1000, 1024);
        var payload = new byte[1024];

        writer.BeginTlps(new LinkChannel(0, 0));
        for (int i = 0; i < 8; i++)
        {
            writer.AppendTlp(write, payload);
        }

        writer.Complete();
        var frames = ReadAll(EstablishedReader(maxFrameBodyLength: 8192), new ReadOnlySequence<byte>(output.WrittenMemory));

        Assert.Equal(2, frames.Count);
        Assert.Equal(7 * 1036, frames[0].Header.BodyLength);
        Assert.Equal(1036, frames[1].Header.BodyLength);
        Assert.Equal([0u, 1u], frames.Select(f => f.Header.Sequence));
    }

    [Fact]
    public void StartsANewFrameWhenTheOutputMemoryIsFull()
    {
        // An output that hands out exactly what was asked for: every TLP gets its own frame.
        var output = new ExactSizeBufferWriter();
        var writer = EstablishedWriter(output);

        writer.BeginTlps(new LinkChannel(3, 0));
        writer.AppendTlp(MsiWrite, MsiPayload);
        writer.AppendTlp(MsiWrite, MsiPayload);
        writer.Complete();

        Assert.Equal(2, ReadAll(EstablishedReader(), new ReadOnlySequence<byte>(output.Written.ToArray())).Count);
    }

    [Fact]
    public void ChangingChannelClosesTheOpenFrame()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = EstablishedWriter(output);

        writer.BeginTlps(new LinkChannel(3, 0));
        writer.AppendTlp(MsiWrite, MsiPayload);
        writer.BeginTlps(new LinkChannel(4, 0));
        writer.AppendTlp(MsiWrite, MsiPayload);
        writer.Complete();
        var frames = ReadAll(EstablishedReader(), new ReadOnlySequence<byte>(output.WrittenMemory));

        Assert.Equal([new LinkChannel(3, 0), new LinkChannel(4, 0)], frames.Select(f => f.Header.Channel));
    }

    [Fact]
    public void ControlFrameClosesTheOpenBatchFirstSoOrderIsKept()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = EstablishedWriter(output);

        writer.BeginTlps(new LinkChannel(3, 0));
        writer.AppendTlp(MsiWrite, MsiPayload);
        writer.WriteKeepAlive(1);
        writer.AppendTlp(MsiWrite, MsiPayload);
        writer.Complete();
        var frames = ReadAll(EstablishedReader(), new ReadOnlySequence<byte>(output.WrittenMemory));

        Assert.Equal(
            [LinkFrameType.Tlps, LinkFrameType.KeepAlive, LinkFrameType.Tlps],
            frames.Select(f => f.Header.Type));
        Assert.Equal(3u, writer.NextSequence);
    }

    [Fact]
    public void TimestampedAndPlainTlpsNeverShareAFrame()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = EstablishedWriter(output, LinkFeatures.TlpTimestamps);

        writer.BeginTlps(new LinkChannel(3, 0));
        writer.AppendTlp(MsiWrite, MsiPayload);
        writer.AppendTlp(7, MsiWrite, MsiPayload);
        writer.Complete();
        var frames = ReadAll(EstablishedReader(LinkFeatures.TlpTimestamps), new ReadOnlySequence<byte>(output.WrittenMemory));

        Assert.Equal([LinkFrameFlags.None, LinkFrameFlags.Timestamped], frames.Select(f => f.Header.Flags));
    }

    [Fact]
    public void MalformedTlpIsRefusedAndLeavesNoFrameBehind()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = EstablishedWriter(output);

        writer.BeginTlps(new LinkChannel(3, 0));
        var error = Assert.Throws<TlpFormatException>(() => writer.AppendTlp(MsiWrite, new byte[8]));
        writer.Complete();

        Assert.Equal(TlpRule.PayloadLengthMismatch, error.Rule);
        Assert.Equal(0, output.WrittenCount);
        Assert.Equal(0u, writer.NextSequence);
    }

    [Fact]
    public void TlpWithLengthBeyond1024DwIsRefusedWithoutAskingForMemory()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = EstablishedWriter(output);
        var oversized = MsiWrite with { Length = 2000 };

        writer.BeginTlps(new LinkChannel(3, 0));
        var error = Assert.Throws<TlpFormatException>(() => writer.AppendTlp(oversized, new byte[8000]));

        Assert.Equal(TlpRule.FieldOutOfRange, error.Rule);
        Assert.Equal(0, output.FreeCapacity);
    }

    [Fact]
    public void ErrorMessageIsCutToMaxBytesAtACharacterBoundary()
    {
        // 'é' is 2 UTF-8 bytes: 600 of them are 1200 bytes; 512 whole characters fit in 1024.
        var output = new ArrayBufferWriter<byte>();
        var writer = new LinkFrameWriter(output);

        writer.WriteError(LinkErrorCode.InternalError, new string('é', 600));
        var frames = ReadAll(new LinkFrameReader(), new ReadOnlySequence<byte>(output.WrittenMemory));
        var frame = new LinkFrame(frames[0].Header, new ReadOnlySequence<byte>(frames[0].Body));
        LinkError error = LinkError.Decode(frame);

        Assert.Equal(LinkError.CodeBytes + 1024, frames[0].Header.BodyLength);
        Assert.Equal(LinkErrorCode.InternalError, error.Code);
        Assert.Equal(new string('é', 512), error.Message);
    }

    [Fact]
    public void WriteErrorFromViolationCarriesItsCodeAndMessage()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = EstablishedWriter(output);
        var violation = new LinkFormatException(LinkRule.FrameTooLarge, "Length", 70000);

        writer.WriteError(violation);
        var frames = ReadAll(EstablishedReader(), new ReadOnlySequence<byte>(output.WrittenMemory));
        LinkError error = LinkError.Decode(new LinkFrame(frames[0].Header, new ReadOnlySequence<byte>(frames[0].Body)));

        Assert.Equal(LinkErrorCode.FrameTooLarge, error.Code);
        Assert.Equal(violation.Message, error.Message);
    }

    [Fact]
    public void TrafficBeforeTheHandshakeIsACallerBug()
    {
        var writer = new LinkFrameWriter(new ArrayBufferWriter<byte>());

        Assert.Throws<InvalidOperationException>(() => writer.BeginTlps(new LinkChannel(0, 0)));
        Assert.Throws<InvalidOperationException>(() => writer.WriteKeepAlive(0));
        Assert.Throws<InvalidOperationException>(() => writer.WriteDeviceReset(0));
    }

    [Fact]
    public void HandshakeFramesAfterTheHandshakeAreACallerBug()
    {
        var writer = EstablishedWriter(new ArrayBufferWriter<byte>());

        Assert.Throws<InvalidOperationException>(() => writer.WriteHello(LinkFrameVectors.HelloWith(LinkFrameVectors.ClientNonce)));
        Assert.Throws<InvalidOperationException>(() => writer.WriteAuth(new byte[32]));
    }

    [Fact]
    public void AppendWithoutBeginOrTimestampWithoutFeatureIsACallerBug()
    {
        var writer = EstablishedWriter(new ArrayBufferWriter<byte>());

        Assert.Throws<InvalidOperationException>(() => writer.AppendTlp(MsiWrite, MsiPayload));
        writer.BeginTlps(new LinkChannel(3, 0));
        Assert.Throws<InvalidOperationException>(() => writer.AppendTlp(1, MsiWrite, MsiPayload));
    }

    [Fact]
    public void ThousandTlpsRoundTripThroughWriterAndReaders()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = EstablishedWriter(output, maxFrameBodyLength: 8192);

        writer.BeginTlps(new LinkChannel(9, 2));
        for (int i = 0; i < 1000; i++)
        {
            var read = TlpHeader.MemoryRead(new PcieId(0x0100), (ushort)(i % 256), (ulong)i * 64, 64);
            writer.AppendTlp(read, []);
        }

        writer.Complete();
        var buffer = SegmentedSequence.Chunked(output.WrittenSpan.ToArray(), 4096);
        var reader = EstablishedReader(maxFrameBodyLength: 8192);
        var addresses = new List<ulong>();
        while (reader.TryReadFrame(ref buffer, out LinkFrame frame))
        {
            foreach (var tlp in ReadTlps(frame))
            {
                addresses.Add(tlp.Header.Address);
            }
        }

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (ulong)i * 64), addresses);
    }

    /// <summary>An output whose GetMemory returns exactly sizeHint bytes, like a pipe near the end of a block.</summary>
    private sealed class ExactSizeBufferWriter : IBufferWriter<byte>
    {
        private readonly List<byte> _written = [];
        private byte[] _current = [];

        public IReadOnlyList<byte> Written => _written;

        public void Advance(int count) => _written.AddRange(_current.AsSpan(0, count));

        public Memory<byte> GetMemory(int sizeHint = 0) => _current = new byte[Math.Max(sizeHint, 1)];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
