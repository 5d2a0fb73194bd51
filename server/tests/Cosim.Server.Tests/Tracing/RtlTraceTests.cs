using System.Buffers.Binary;
using Cosim.Hdl.TlpStream;
using Cosim.Server.Models;
using Cosim.Server.Tests.Fakes;
using Cosim.Server.Tracing;
using Cosim.Tlp;

namespace Cosim.Server.Tests.Tracing;

/// <summary>
/// The RTL pci-epf-test (models/rtl, built by Verilator) with an FST waveform and a TLP trace: each traced TLP
/// carries the simulation cycle, so it can be found in the waveform.
/// </summary>
public sealed class RtlTraceTests
{
    private const ulong Bar0 = 0x8000_0000;
    private const ulong Magic = Bar0 + 0x00;
    private const ulong Command = Bar0 + 0x04;
    private const ulong Status = Bar0 + 0x08;
    private const ulong LowerSourceAddress = Bar0 + 0x0C;
    private const ulong Size = Bar0 + 0x1C;
    private const uint CommandRead = 1 << 3;
    private const ulong HostBuffer = 0x1000;
    private const int TransferBytes = 64;

    // GTKWave fstapi.c: an FST file starts with its header block, type FST_BL_HDR (0), whose section length
    // (big-endian u64) is FST_HDR_SIZE (329).
    private const byte FstHeaderBlock = 0;
    private const ulong FstHeaderSize = 329;

    [Theory]
    [Trait("Category", "Integration")] // builds the RTL with Verilator (cached by content)
    [InlineData(".jsonl")]
    [InlineData(".pcapng")]
    public async Task AnRtlDeviceWritesAnFstWaveformAndStampsEveryTracedTlpWithItsCycle(string extension)
    {
        string waveform = TraceFixture.TempFile(".fst");
        string trace = TraceFixture.TempFile(extension);
        try
        {
            string description = RtlModels.CreateDefault().FindDescription("pci-epf-test") ?? throw new InvalidOperationException("pci-epf-test is not shipped beside the tests");
            using (ITlpTraceSink sink = TlpTraceFile.Open(trace))
            using (RtlFunction function = await RtlFunction.CreateAsync(description, options: new RtlFunctionOptions { TracePath = waveform, EchoRtlOutput = false }))
            {
                var root = new FakeRootComplex(new TracingFunction(function, sink, new TraceDevice(0, "epf")));
                await DriveAsync(root);
            }

            byte[] fst = File.ReadAllBytes(waveform);
            TraceRecord[] records = [.. TraceReader.Read(trace)];

            Assert.Equal(FstHeaderBlock, fst[0]);
            Assert.Equal(FstHeaderSize, BinaryPrimitives.ReadUInt64BigEndian(fst.AsSpan(1)));
            Assert.All(records, record => Assert.NotNull(record.Cycle));
            Assert.All(records.Zip(records.Skip(1)), pair => Assert.True(pair.First.Cycle <= pair.Second.Cycle, $"{pair.First} then {pair.Second}"));
            TraceRecord dmaRead = Assert.Single(records, r => r.Direction == TlpDirection.Upstream && r.Header.Kind == TlpKind.MemoryRead);
            TraceRecord command = Assert.Single(records, r => r.Header.Kind == TlpKind.MemoryWrite && r.Header.Address == Command);
            Assert.True(dmaRead.Cycle > command.Cycle, $"DMA read at cycle {dmaRead.Cycle}, command written at {command.Cycle}");
            Assert.True(records[^1].Cycle > records[0].Cycle);
        }
        finally
        {
            File.Delete(waveform);
            File.Delete(trace);
        }
    }

    /// <summary>Enumerates BAR0, writes and reads the magic register, and has the RTL read a host buffer by DMA.</summary>
    private static async Task DriveAsync(FakeRootComplex root)
    {
        await root.ConfigWriteAsync(0x10, (uint)Bar0);
        await root.ConfigWriteAsync(0x04, 0x6); // Memory Space Enable, Bus Master Enable
        root.MemoryWrite32(Magic, 0xA0A0_A0A0);
        Assert.Equal(0xA0A0_A0A0u, await root.MemoryRead32Async(Magic));
        root.WriteHostMemory(HostBuffer, new byte[TransferBytes]);
        root.MemoryWrite32(LowerSourceAddress, (uint)HostBuffer);
        root.MemoryWrite32(Size, TransferBytes);
        root.MemoryWrite32(Command, CommandRead);
        Assert.NotEqual(0u, await root.MemoryRead32Async(Status));
    }
}
