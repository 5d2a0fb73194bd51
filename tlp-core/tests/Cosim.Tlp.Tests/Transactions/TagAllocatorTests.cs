using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Tests.Transactions;

public sealed class TagAllocatorTests
{
    // §2.2.6.2: 5-bit Tags 0-31, 8-bit Tags 0-255, 10-bit Tags 256-1023 (Tag[9:8] = 00b must not be generated).
    [Theory]
    [InlineData(TagSize.FiveBit, 0, 31)]
    [InlineData(TagSize.EightBit, 0, 255)]
    [InlineData(TagSize.TenBit, 256, 1023)]
    public void AllocatorHandsOutEveryPermittedTagOnceThenRunsOut(TagSize size, int first, int last)
    {
        var allocator = new TagAllocator(size);
        var tags = new List<int>();

        while (allocator.TryAllocate(out ushort tag))
        {
            tags.Add(tag);
        }

        Assert.Equal(Enumerable.Range(first, last - first + 1), tags);
        Assert.Equal(tags.Count, allocator.Capacity);
        Assert.Equal(tags.Count, allocator.Outstanding);
        Assert.False(allocator.TryAllocate(out _));
    }

    [Fact]
    public void TenBitTagsNeverHaveTag9To8Zero()
    {
        var allocator = new TagAllocator(TagSize.TenBit);

        while (allocator.TryAllocate(out ushort tag))
        {
            Assert.NotEqual(0, tag >> 8);
        }
    }

    [Fact]
    public void MaxOutstandingUsesTheLowestPermittedValues()
    {
        var allocator = new TagAllocator(TagSize.TenBit, maxOutstanding: 3);

        Assert.True(allocator.TryAllocate(out ushort a));
        Assert.True(allocator.TryAllocate(out ushort b));
        Assert.True(allocator.TryAllocate(out ushort c));
        Assert.False(allocator.TryAllocate(out _));
        Assert.Equal(new ushort[] { 256, 257, 258 }, new[] { a, b, c });
        Assert.Equal((ushort)258, allocator.LastTag);
    }

    [Theory]
    [InlineData(TagSize.FiveBit, 0)]
    [InlineData(TagSize.FiveBit, 33)]
    [InlineData(TagSize.EightBit, 257)]
    [InlineData(TagSize.TenBit, 769)]
    public void MaxOutstandingOutsideTheTagSpaceIsRejected(TagSize size, int maxOutstanding)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TagAllocator(size, maxOutstanding));
    }

    [Fact]
    public void FreedTagsAreReusedLeastRecentlyFreedFirst()
    {
        // Capacity 4: take 0,1,2,3; free 2 then 0; the next allocations return 2 then 0.
        var allocator = new TagAllocator(TagSize.FiveBit, maxOutstanding: 4);
        for (int i = 0; i < 4; i++)
        {
            allocator.TryAllocate(out _);
        }

        allocator.Free(2);
        allocator.Free(0);

        Assert.True(allocator.TryAllocate(out ushort next));
        Assert.True(allocator.TryAllocate(out ushort after));
        Assert.Equal((ushort)2, next);
        Assert.Equal((ushort)0, after);
    }

    [Fact]
    public void DoubleFreeThrowsNamingTheTag()
    {
        var allocator = new TagAllocator(TagSize.EightBit);
        allocator.TryAllocate(out ushort tag);
        allocator.Free(tag);

        var error = Assert.Throws<InvalidOperationException>(() => allocator.Free(tag));

        Assert.Contains("0x000", error.Message, StringComparison.Ordinal);
        Assert.Contains("freed twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FreeingATagThatWasNeverAllocatedThrows()
    {
        var allocator = new TagAllocator(TagSize.EightBit);

        Assert.Throws<InvalidOperationException>(() => allocator.Free(17));
    }

    [Theory]
    [InlineData(TagSize.TenBit, 255)]
    [InlineData(TagSize.FiveBit, 32)]
    [InlineData(TagSize.EightBit, 256)]
    public void FreeingATagOutsideTheRangeThrows(TagSize size, int tag)
    {
        var allocator = new TagAllocator(size);

        Assert.Throws<ArgumentOutOfRangeException>(() => allocator.Free((ushort)tag));
    }

    [Fact]
    public void IsAllocatedFollowsAllocateAndFree()
    {
        var allocator = new TagAllocator(TagSize.TenBit);
        allocator.TryAllocate(out ushort tag);

        bool whileOutstanding = allocator.IsAllocated(tag);
        allocator.Free(tag);

        Assert.True(whileOutstanding);
        Assert.False(allocator.IsAllocated(tag));
        Assert.False(allocator.IsAllocated(5));
    }

    [Fact]
    public void ResetFreesEveryTag()
    {
        var allocator = new TagAllocator(TagSize.FiveBit);
        while (allocator.TryAllocate(out _))
        {
        }

        allocator.Reset();

        Assert.Equal(0, allocator.Outstanding);
        Assert.True(allocator.TryAllocate(out ushort tag));
        Assert.Equal((ushort)0, tag);
    }

    [Fact]
    public void ConcurrentAllocateAndFreeNeverHandOutATagTwice()
    {
        // Four threads each allocate/free 20 000 times; a shared ownership table catches any duplicate hand-out.
        var allocator = new TagAllocator(TagSize.FiveBit);
        int[] owners = new int[32];
        int duplicates = 0;

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                if (!allocator.TryAllocate(out ushort tag))
                {
                    continue;
                }

                if (Interlocked.Exchange(ref owners[tag], 1) != 0)
                {
                    Interlocked.Increment(ref duplicates);
                }

                Volatile.Write(ref owners[tag], 0);
                allocator.Free(tag);
            }
        });

        Assert.Equal(0, duplicates);
        Assert.Equal(0, allocator.Outstanding);
    }
}
