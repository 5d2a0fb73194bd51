using System.Buffers;

namespace Cosim.Tlp.Tests.Link;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, as a socket pipe hands them out.</summary>
internal static class SegmentedSequence
{
    /// <summary>One segment per array, in order (empty arrays make empty segments).</summary>
    public static ReadOnlySequence<byte> Create(params byte[][] segments)
    {
        if (segments.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(segments[0], runningIndex: 0);
        Segment last = first;
        for (int i = 1; i < segments.Length; i++)
        {
            last = last.Append(segments[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary><paramref name="data"/> cut at each offset of <paramref name="cuts"/> (ascending).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var parts = new byte[cuts.Length + 1][];
        int start = 0;
        for (int i = 0; i < cuts.Length; i++)
        {
            parts[i] = data[start..cuts[i]];
            start = cuts[i];
        }

        parts[^1] = data[start..];
        return Create(parts);
    }

    /// <summary><paramref name="data"/> in segments of <paramref name="size"/> bytes (the last may be shorter).</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] data, int size)
    {
        var cuts = new List<int>();
        for (int cut = size; cut < data.Length; cut += size)
        {
            cuts.Add(cut);
        }

        return Split(data, [.. cuts]);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
