using System.Buffers;
using Cosim.Tlp.Link;

namespace Cosim.Tlp.Tests.Link;

public sealed class LinkAllocationTests
{
    private const int TlpCount = 1000;

    [Fact]
    public void AppendingAndReadingThousandTlpsAllocatesNothing()
    {
        // The output is sized once and reused, as a pipe reuses its pooled blocks. Writer and reader live across
        // rounds, so their sequence numbers stay in step.
        var output = new ArrayBufferWriter<byte>(1 << 20);
        var writer = LinkTestKit.EstablishedWriter(output, LinkFeatures.TlpTimestamps);
        var reader = LinkTestKit.EstablishedReader(LinkFeatures.TlpTimestamps);
        var write = TlpHeader.MemoryWrite(new PcieId(0x0100), 0, 0x1000, 64);
        byte[] payload = new byte[64];
        byte[] scratch = new byte[TlpBatchReader.ScratchBytes];
        RoundTrip(output, writer, reader, write, payload, scratch);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int read = RoundTrip(output, writer, reader, write, payload, scratch);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(TlpCount, read);
        Assert.Equal(0, allocated);
    }

    private static int RoundTrip(
        ArrayBufferWriter<byte> output,
        LinkFrameWriter writer,
        LinkFrameReader reader,
        in TlpHeader write,
        byte[] payload,
        byte[] scratch)
    {
        output.ResetWrittenCount();
        writer.BeginTlps(new LinkChannel(1, 0));
        for (int i = 0; i < TlpCount; i++)
        {
            writer.AppendTlp((ulong)i, write, payload);
        }

        writer.Complete();

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        int read = 0;
        while (reader.TryReadFrame(ref buffer, out LinkFrame frame))
        {
            var batch = new TlpBatchReader(frame, scratch);
            while (batch.TryReadNext(out TlpHeader header, out ReadOnlySpan<byte> data))
            {
                read += header.Length == 16 && data.Length == 64 ? 1 : 0;
            }
        }

        return read;
    }
}
