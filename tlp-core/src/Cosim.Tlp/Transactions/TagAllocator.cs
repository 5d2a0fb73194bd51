using System.Diagnostics.CodeAnalysis;

namespace Cosim.Tlp.Transactions;

/// <summary>
/// Hands out the Tags of one Requester's non-posted requests: thread-safe, O(1) allocate and free, no allocation after
/// construction. PCIe Base 6.0 §2.2.6.2: "Receiver/Completer behavior is undefined if multiple uncompleted Requests ...
/// are issued from the same Requester with non-unique Transaction ID values", so a Tag is owned from allocation until
/// its last completion (or its Completion Timeout) and then freed.
/// </summary>
/// <remarks>
/// <para>
/// The values come from <see cref="TagSize"/> (§2.2.6.2): 0-31, 0-255, or 256-1023 for 10-bit Tags, which "must not"
/// use Tag[9:8] = 00b. A smaller <c>maxOutstanding</c> uses only the lowest values of that range (a device that
/// tracks fewer requests than its Tag space allows).
/// </para>
/// <para>
/// Freed Tags go to the back of a FIFO, so a Tag is reused as late as possible: a completion that arrives after its
/// request timed out then finds no request (an Unexpected Completion) rather than a new request with the same Tag.
/// </para>
/// </remarks>
public sealed class TagAllocator
{
    private const int FiveBitTagCount = 32;
    private const int EightBitTagCount = 256;
    private const int TenBitFirstTag = 256;
    private const int TenBitTagCount = TlpHeader.MaxTag + 1 - TenBitFirstTag;

    private readonly Lock _lock = new();
    private readonly ushort _firstTag;
    private readonly ushort[] _freeQueue;
    private readonly bool[] _allocated;
    private int _freeHead;
    private int _freeCount;

    /// <summary>An allocator for every Tag value <paramref name="size"/> permits.</summary>
    public TagAllocator(TagSize size)
        : this(size, PermittedCount(size))
    {
    }

    /// <summary>An allocator for the lowest <paramref name="maxOutstanding"/> Tag values <paramref name="size"/> permits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined size, or a count outside 1 to the size's Tag count.</exception>
    public TagAllocator(TagSize size, int maxOutstanding)
    {
        int permitted = PermittedCount(size);
        if (maxOutstanding < 1 || maxOutstanding > permitted)
        {
            throw new ArgumentOutOfRangeException(nameof(maxOutstanding), maxOutstanding, $"{size} Tags allow 1 to {permitted} outstanding requests.");
        }

        Size = size;
        _firstTag = (ushort)(size == TagSize.TenBit ? TenBitFirstTag : 0);
        _freeQueue = new ushort[maxOutstanding];
        _allocated = new bool[maxOutstanding];
        for (int i = 0; i < maxOutstanding; i++)
        {
            _freeQueue[i] = (ushort)(_firstTag + i);
        }

        _freeHead = 0;
        _freeCount = maxOutstanding;
    }

    /// <summary>The Tag size this allocator serves.</summary>
    public TagSize Size { get; }

    /// <summary>How many Tags it can have outstanding at once.</summary>
    public int Capacity => _freeQueue.Length;

    /// <summary>Lowest Tag value it hands out (0, or 256 for 10-bit Tags).</summary>
    public ushort FirstTag => _firstTag;

    /// <summary>Highest Tag value it hands out.</summary>
    public ushort LastTag => (ushort)(_firstTag + _freeQueue.Length - 1);

    /// <summary>Tags allocated and not yet freed.</summary>
    public int Outstanding
    {
        get
        {
            lock (_lock)
            {
                return _freeQueue.Length - _freeCount;
            }
        }
    }

    /// <summary>Takes the least recently freed Tag; false when every Tag is outstanding.</summary>
    public bool TryAllocate(out ushort tag)
    {
        lock (_lock)
        {
            if (_freeCount == 0)
            {
                tag = 0;
                return false;
            }

            tag = _freeQueue[_freeHead];
            _freeHead = (_freeHead + 1) % _freeQueue.Length;
            _freeCount--;
            _allocated[tag - _firstTag] = true;
            return true;
        }
    }

    /// <summary>Returns <paramref name="tag"/> for reuse.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The Tag is outside this allocator's range.</exception>
    /// <exception cref="InvalidOperationException">The Tag is not outstanding: freed twice, or never allocated.</exception>
    public void Free(ushort tag)
    {
        int index = IndexOf(tag);
        lock (_lock)
        {
            if (!_allocated[index])
            {
                ThrowNotAllocated(tag);
            }

            _allocated[index] = false;
            _freeQueue[(_freeHead + _freeCount) % _freeQueue.Length] = tag;
            _freeCount++;
        }
    }

    /// <summary>True while <paramref name="tag"/> is allocated and not yet freed.</summary>
    public bool IsAllocated(ushort tag)
    {
        if (tag < _firstTag || tag > LastTag)
        {
            return false;
        }

        lock (_lock)
        {
            return _allocated[tag - _firstTag];
        }
    }

    /// <summary>Frees every outstanding Tag (link down, Function Level Reset): the allocator is as new.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            for (int i = 0; i < _freeQueue.Length; i++)
            {
                _freeQueue[i] = (ushort)(_firstTag + i);
                _allocated[i] = false;
            }

            _freeHead = 0;
            _freeCount = _freeQueue.Length;
        }
    }

    private static int PermittedCount(TagSize size) => size switch
    {
        TagSize.FiveBit => FiveBitTagCount,
        TagSize.EightBit => EightBitTagCount,
        TagSize.TenBit => TenBitTagCount,
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "Tag size is 5, 8 or 10 bits."),
    };

    private int IndexOf(ushort tag)
    {
        if (tag < _firstTag || tag > LastTag)
        {
            ThrowOutOfRange(tag);
        }

        return tag - _firstTag;
    }

    [DoesNotReturn]
    private void ThrowOutOfRange(ushort tag) =>
        throw new ArgumentOutOfRangeException(nameof(tag), tag, $"Tag 0x{tag:x3} is outside this allocator's range 0x{_firstTag:x3}-0x{LastTag:x3} ({Size}).");

    [DoesNotReturn]
    private static void ThrowNotAllocated(ushort tag) =>
        throw new InvalidOperationException($"Tag 0x{tag:x3} is not outstanding: it was freed twice or never allocated.");
}
