using System.Text.Json;
using Cosim.Server.Tracing;
using Cosim.Tlp;

namespace Cosim.Server.Tests.Tracing;

public sealed class TraceFileTests
{
    [Fact]
    public async Task JsonLinesRecordEveryTlpWithDecodedFields()
    {
        string path = TraceFixture.TempFile(".jsonl");
        try
        {
            await TraceFixture.RecordAsync(path);
            string[] lines = File.ReadAllLines(path);
            using JsonDocument write = JsonDocument.Parse(lines.First(l => l.Contains("\"type\":\"MWr\"", StringComparison.Ordinal)));
            using JsonDocument completion = JsonDocument.Parse(lines.Last(l => l.Contains("\"type\":\"CplD\"", StringComparison.Ordinal)));

            // CfgRd+CplD, 2×(CfgWr+Cpl), MWr, MRd+CplD, MWr (INTX_CONTROL), Assert_INTA.
            Assert.Equal(11, lines.Length);
            Assert.Equal("down", write.RootElement.GetProperty("direction").GetString());
            Assert.Equal("test3", write.RootElement.GetProperty("device").GetString());
            Assert.Equal(3, write.RootElement.GetProperty("deviceIndex").GetInt32());
            Assert.Equal("0x80000004", write.RootElement.GetProperty("address").GetString());
            Assert.Equal("efbeadde", write.RootElement.GetProperty("payload").GetString());
            Assert.Equal("up", completion.RootElement.GetProperty("direction").GetString());
            Assert.Equal("SC", completion.RootElement.GetProperty("status").GetString());
            Assert.Equal(4, completion.RootElement.GetProperty("payloadLength").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(".jsonl")]
    [InlineData(".pcapng")]
    public async Task ReaderGetsBackWhatTheWriterRecorded(string extension)
    {
        string path = TraceFixture.TempFile(extension);
        try
        {
            await TraceFixture.RecordAsync(path);
            TraceRecord[] records = [.. TraceReader.Read(path)];

            Assert.Equal(
                ["CfgRd0", "CplD", "CfgWr0", "Cpl", "CfgWr0", "Cpl", "MWr", "MRd", "CplD", "MWr", "Msg"],
                records.Select(r => TlpMnemonic.Of(r.Header.Kind)));
            TraceRecord write = records[6];
            Assert.Equal((TlpDirection.Downstream, "test3", 0x8000_0004UL), (write.Direction, write.Device, write.Header.Address));
            Assert.Equal(new byte[] { 0xEF, 0xBE, 0xAD, 0xDE }, write.PayloadPreview);
            Assert.Equal(MessageCode.AssertIntA, records[^1].Header.MessageCode);
            Assert.Equal(TlpDirection.Upstream, records[^1].Direction);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task FilterKeepsOneTypeInAnAddressRange()
    {
        string path = TraceFixture.TempFile(".jsonl");
        try
        {
            await TraceFixture.RecordAsync(path);
            Assert.True(TraceFilter.TryParseKinds("MemWr", out IReadOnlySet<TlpKind> kinds, out _));
            Assert.True(TraceFilter.TryParseRange("0x80000000-0x80000007", out ulong low, out ulong high, out _));
            var filter = new TraceFilter { Device = "TEST3", Kinds = kinds, AddressLow = low, AddressHigh = high };
            var output = new StringWriter();

            int shown = TraceTable.Write(TraceReader.Read(path), filter, output);

            Assert.Equal(1, shown);
            Assert.Contains("MWr", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("0x80000004", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("CfgRd", new[] { TlpKind.ConfigRead0, TlpKind.ConfigRead1 })]
    [InlineData("mrd,CplD", new[] { TlpKind.MemoryRead, TlpKind.CompletionWithData })]
    [InlineData("MemoryWrite", new[] { TlpKind.MemoryWrite })]
    public void TypeNamesAcceptMnemonicsAliasesAndKindNames(string text, TlpKind[] expected)
    {
        Assert.True(TraceFilter.TryParseKinds(text, out IReadOnlySet<TlpKind> kinds, out _));

        Assert.Equal(expected.Order(), kinds.Order());
    }

    [Fact]
    public void UnknownTypeNameIsRefusedWithTheKnownOnes()
    {
        Assert.False(TraceFilter.TryParseKinds("MemRead", out _, out string reason));

        Assert.Contains("unknown TLP type 'MemRead'", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x10")]
    [InlineData("0x20-0x10")]
    [InlineData("zz-0x10")]
    public void MalformedAddressRangeIsRefused(string text)
    {
        Assert.False(TraceFilter.TryParseRange(text, out _, out _, out string reason));

        Assert.Contains("not an address range", reason, StringComparison.Ordinal);
    }
}
