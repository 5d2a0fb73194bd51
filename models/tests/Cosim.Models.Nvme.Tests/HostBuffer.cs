namespace Cosim.Models.Nvme.Tests;

/// <summary>A data buffer in host memory: <see cref="Length"/> bytes starting <see cref="Offset"/> bytes into the first of <see cref="Pages"/>.</summary>
internal sealed class HostBuffer(HostHarness host, IReadOnlyList<ulong> pages, int offset, int length)
{
    public const int PageSize = 4096;

    public IReadOnlyList<ulong> Pages { get; } = pages;

    public int Offset { get; } = offset;

    public int Length { get; } = length;

    public ulong Address => Pages[0] + (ulong)Offset;

    public void Fill(ReadOnlySpan<byte> data)
    {
        int at = 0;
        foreach ((ulong address, int count) in Pieces())
        {
            host.WriteHostMemory(address, data.Slice(at, count));
            at += count;
        }
    }

    public byte[] ReadBack()
    {
        var data = new byte[Length];
        int at = 0;
        foreach ((ulong address, int count) in Pieces())
        {
            host.ReadHostMemory(address, count).CopyTo(data, at);
            at += count;
        }

        return data;
    }

    private IEnumerable<(ulong Address, int Count)> Pieces()
    {
        int remaining = Length;
        int inPage = Offset;
        foreach (ulong page in Pages)
        {
            if (remaining == 0)
            {
                yield break;
            }

            int count = Math.Min(remaining, PageSize - inPage);
            yield return (page + (ulong)inPage, count);
            remaining -= count;
            inPage = 0;
        }
    }
}
