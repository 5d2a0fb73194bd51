using BenchmarkDotNet.Attributes;
using Cosim.Tlp;

namespace Cosim.Benchmarks;

/// <summary>
/// Encode and decode of the TLPs on Cosim's hot paths: a 3 DW MRd (register read), a 4 DW MRd (DMA read above
/// 4 GiB) and a 256-byte MWr (a DMA write burst at the default MPS). Allocated bytes must read 0 B.
/// </summary>
[MemoryDiagnoser]
public class TlpCodecBenchmarks
{
    private const int WriteBytes = 256;
    private static readonly PcieId s_requester = PcieId.From(1, 0, 0);

    private readonly byte[] _buffer = new byte[TlpHeader.MaxTlpBytes];
    private readonly byte[] _payload = new byte[WriteBytes];
    private byte[] _read3Dw = [];
    private byte[] _read4Dw = [];
    private byte[] _write256 = [];
    private TlpHeader _read3DwHeader;
    private TlpHeader _read4DwHeader;
    private TlpHeader _write256Header;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_payload);
        _read3DwHeader = TlpHeader.MemoryRead(s_requester, tag: 7, address: 0xFEB0_0010, byteCount: 4);
        _read4DwHeader = TlpHeader.MemoryRead(s_requester, tag: 300, address: 0x1_2345_6000, byteCount: 512);
        _write256Header = TlpHeader.MemoryWrite(s_requester, tag: 0, address: 0x8000_0100, byteCount: WriteBytes);
        _read3Dw = Encoded(_read3DwHeader, []);
        _read4Dw = Encoded(_read4DwHeader, []);
        _write256 = Encoded(_write256Header, _payload);
    }

    [Benchmark]
    public int EncodeMemoryRead3Dw() => TlpCodec.Encode(_read3DwHeader, [], _buffer);

    [Benchmark]
    public int EncodeMemoryRead4Dw() => TlpCodec.Encode(_read4DwHeader, [], _buffer);

    [Benchmark]
    public int EncodeMemoryWrite256() => TlpCodec.Encode(_write256Header, _payload, _buffer);

    [Benchmark]
    public ulong DecodeMemoryRead3Dw()
    {
        TlpCodec.TryDecode(_read3Dw, out TlpHeader header, out _);
        return header.Address;
    }

    [Benchmark]
    public ulong DecodeMemoryRead4Dw()
    {
        TlpCodec.TryDecode(_read4Dw, out TlpHeader header, out _);
        return header.Address;
    }

    [Benchmark]
    public int DecodeMemoryWrite256()
    {
        TlpCodec.TryDecode(_write256, out TlpHeader header, out int consumed);
        ReadOnlySpan<byte> payload = _write256.AsSpan(header.HeaderSize, header.PayloadSize);
        return consumed + payload[^1];
    }

    private static byte[] Encoded(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[header.TotalSize];
        TlpCodec.Encode(header, payload, bytes);
        return bytes;
    }
}
