using Cosim.Testbench.Memory;

namespace Cosim.Testbench.Tests.Memory;

public sealed class HostMemoryTests
{
    private static HostMemory NewMemory() => new(
        new AddressPool("low", 0x10_0000, 0x20_0000),
        new AddressPool("high", 0x1_0000_0000, 0x1_1000_0000));

    [Fact]
    public void UnwrittenMemoryReadsZeroAndWritesSpanPages()
    {
        HostMemory memory = NewMemory();
        byte[] data = [.. Enumerable.Range(1, 10).Select(i => (byte)i)];

        byte[] before = memory.Read(0xFFC, 10);
        memory.Write(0xFFB, data);
        byte[] after = memory.Read(0xFFB, 10);

        Assert.Equal(new byte[10], before);
        Assert.Equal(data, after);
        Assert.Equal(2, memory.PageCount);
    }

    [Fact]
    public void AllocationsAreAlignedDistinctAndInTheirPool()
    {
        HostMemory memory = NewMemory();

        HostBuffer a = memory.Allocate(100);
        HostBuffer b = memory.Allocate(100, alignment: 64);
        HostBuffer high = memory.Allocate(100, above4GiB: true);

        Assert.Equal(0UL, a.Address % 4096);
        Assert.Equal(0UL, b.Address % 64);
        Assert.True(b.Address >= a.End);
        Assert.True(high.Address >= 1UL << 32);
    }

    [Fact]
    public void ExhaustedPoolNamesItself()
    {
        var pool = new AddressPool("tiny", 0x1000, 0x2000);

        InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(() => pool.Allocate(0x2000, 0x1000));

        Assert.Contains("'tiny'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnmappedRangesAreReportedByOverlap()
    {
        HostMemory memory = NewMemory();
        memory.MarkUnmapped(0x2000, 0x1000);

        Assert.True(memory.IsUnmapped(0x1FFF, 2));
        Assert.False(memory.IsUnmapped(0x1000, 0x1000));
        Assert.False(memory.IsUnmapped(0x3000, 4));
    }

    [Fact]
    public void BufferAccessOutsideItIsRefused()
    {
        HostBuffer buffer = NewMemory().Allocate(16);

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Write(new byte[4], offset: 13));
    }
}
