using Cosim.Device.Dma;

namespace Cosim.Models.Nvme.Tests;

/// <summary>Host memory for unit tests below the controller: sparse bytes, reads of marked ranges fail, every access recorded.</summary>
internal sealed class FakeHostMemory : IHostMemory
{
    private readonly Dictionary<ulong, byte> _bytes = [];
    private readonly List<(ulong Start, ulong End)> _failing = [];

    public List<(ulong Address, int Length)> Reads { get; } = [];

    public List<(ulong Address, byte[] Data)> Writes { get; } = [];

    /// <summary>Runs once a write's bytes are in memory, before the write returns (as a host that sees them at once).</summary>
    public Action<ulong>? AfterWrite { get; set; }

    public void Store(ulong address, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            _bytes[address + (ulong)i] = data[i];
        }
    }

    public void StoreQword(ulong address, ulong value) => Store(address, BitConverter.GetBytes(value));

    public void FailReads(ulong address, ulong length) => _failing.Add((address, address + length));

    public Task<DmaStatus> ReadAsync(ulong address, Memory<byte> destination, CancellationToken cancellationToken)
    {
        Reads.Add((address, destination.Length));
        foreach ((ulong start, ulong end) in _failing)
        {
            if (address < end && start < address + (ulong)destination.Length)
            {
                return Task.FromResult(DmaStatus.UnsupportedRequest);
            }
        }

        Span<byte> span = destination.Span;
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = _bytes.GetValueOrDefault(address + (ulong)i);
        }

        return Task.FromResult(DmaStatus.Success);
    }

    public Task<DmaStatus> WriteAsync(ulong address, ReadOnlyMemory<byte> source)
    {
        Writes.Add((address, source.ToArray()));
        Store(address, source.Span);
        AfterWrite?.Invoke(address);
        return Task.FromResult(DmaStatus.Success);
    }
}
