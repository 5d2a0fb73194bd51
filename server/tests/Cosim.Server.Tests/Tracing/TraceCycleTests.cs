using System.Text.Json;
using Cosim.Server.Tracing;
using Cosim.Server.Tests.Fakes;

namespace Cosim.Server.Tests.Tracing;

/// <summary>A device on a simulation clock (<see cref="Cosim.Tlp.ISimulationClock"/>) has every traced TLP stamped with its cycle.</summary>
public sealed class TraceCycleTests
{
    [Theory]
    [InlineData(".jsonl")]
    [InlineData(".pcapng")]
    public async Task RecordsOfAClockedDeviceCarryTheCycleAtWhichTheTlpCrossedTheLink(string extension)
    {
        string path = TraceFixture.TempFile(extension);
        try
        {
            await TraceFixture.RecordAsync(path, clocked: true);

            TraceRecord[] records = [.. TraceReader.Read(path)];

            // The CfgRd0 is recorded before the device's clock moves (cycle 0); the clock advances 10 as the
            // device takes it and 10 more as it sends the CplD, which is recorded at 20.
            Assert.Equal(11, records.Length);
            Assert.Equal(0UL, records[0].Cycle);
            Assert.Equal(2 * ClockedFunction.CyclesPerTlp, records[1].Cycle);
            Assert.All(records.Zip(records.Skip(1)), pair => Assert.True(pair.First.Cycle <= pair.Second.Cycle, $"{pair.First} then {pair.Second}"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(".jsonl")]
    [InlineData(".pcapng")]
    public async Task RecordsOfADeviceWithoutClockHaveNoCycle(string extension)
    {
        string path = TraceFixture.TempFile(extension);
        try
        {
            await TraceFixture.RecordAsync(path);

            TraceRecord[] records = [.. TraceReader.Read(path)];

            Assert.All(records, record => Assert.Null(record.Cycle));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task JsonLinesWriteTheCycleOnlyForAClockedDevice()
    {
        string clocked = TraceFixture.TempFile(".jsonl");
        string plain = TraceFixture.TempFile(".jsonl");
        try
        {
            await TraceFixture.RecordAsync(clocked, clocked: true);
            await TraceFixture.RecordAsync(plain);

            using JsonDocument withCycle = JsonDocument.Parse(File.ReadLines(clocked).Skip(1).First());
            using JsonDocument withoutCycle = JsonDocument.Parse(File.ReadLines(plain).First());

            Assert.Equal(2 * ClockedFunction.CyclesPerTlp, withCycle.RootElement.GetProperty("cycle").GetUInt64());
            Assert.False(withoutCycle.RootElement.TryGetProperty("cycle", out _));
        }
        finally
        {
            File.Delete(clocked);
            File.Delete(plain);
        }
    }

    [Fact]
    public async Task TableShowsTheCycleColumn()
    {
        string path = TraceFixture.TempFile(".pcapng");
        try
        {
            await TraceFixture.RecordAsync(path, clocked: true);
            var output = new StringWriter();

            TraceTable.Write(TraceReader.Read(path), new TraceFilter(), output);

            string[] lines = output.ToString().Split('\n');
            Assert.Matches(@"^\s+time\(us\)\s+cycle\s+dir", lines[0]);
            Assert.Matches(@"^\s+\d+\.\d{3}\s+20\s+up\s+test3\s+CplD", lines[2]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
