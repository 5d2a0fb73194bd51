namespace Cosim.Testbench.Memory;

/// <summary>A buffer <see cref="HostMemory.Allocate"/> handed out: an address a function can DMA to, and its bytes.</summary>
public sealed class HostBuffer
{
    internal HostBuffer(HostMemory memory, ulong address, int length)
    {
        Memory = memory;
        Address = address;
        Length = length;
    }

    /// <summary>The memory the buffer lives in.</summary>
    public HostMemory Memory { get; }

    /// <summary>Bus address of the first byte.</summary>
    public ulong Address { get; }

    /// <summary>Size in bytes.</summary>
    public int Length { get; }

    /// <summary>Bus address one past the last byte.</summary>
    public ulong End => Address + (ulong)Length;

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> into the buffer.</summary>
    public void Write(ReadOnlySpan<byte> data, int offset = 0)
    {
        CheckRange(offset, data.Length);
        Memory.Write(Address + (ulong)offset, data);
    }

    /// <summary>A copy of <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    public byte[] Read(int offset, int length)
    {
        CheckRange(offset, length);
        return Memory.Read(Address + (ulong)offset, length);
    }

    /// <summary>A copy of the whole buffer.</summary>
    public byte[] ToArray() => Memory.Read(Address, Length);

    /// <summary>Fills the buffer with bytes from a generator seeded by <paramref name="seed"/> and returns them.</summary>
    public byte[] FillRandom(int seed)
    {
        byte[] data = new byte[Length];
        new Random(seed).NextBytes(data);
        Memory.Write(Address, data);
        return data;
    }

    /// <summary>Fills the buffer with <paramref name="value"/>.</summary>
    public void Fill(byte value)
    {
        byte[] data = new byte[Length];
        Array.Fill(data, value);
        Memory.Write(Address, data);
    }

    /// <inheritdoc/>
    public override string ToString() => $"host buffer 0x{Address:x} ({Length} bytes)";

    private void CheckRange(int offset, int length)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{length} bytes at {offset} do not fit in {this}.");
        }
    }
}
