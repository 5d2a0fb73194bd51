namespace Cosim.Hdl;

/// <summary>A top-level port of a design, as Verilator describes it, in pin order.</summary>
/// <param name="Index">The port's position in pin order (the shim's port index).</param>
/// <param name="Name">The Verilog name.</param>
/// <param name="Direction">Input, output or inout.</param>
/// <param name="Width">Width in bits (packed dimensions multiplied out).</param>
public sealed record PortInfo(int Index, string Name, PortDirection Direction, int Width)
{
    /// <summary>Bits per storage word of a port wider than 64 bits (Verilator's <c>VlWide</c> words).</summary>
    public const int WideWordBits = 32;

    /// <summary>Bytes of Verilator storage: 1, 2, 4 or 8 up to 64 bits, then whole 32-bit words.</summary>
    public int StorageBytes => StorageBytesFor(Width);

    /// <summary>True when the port is wider than 64 bits and is read and written as 32-bit words.</summary>
    public bool IsWide => Width > 64;

    /// <summary>The number of 32-bit words of a wide port (or the words the value would need).</summary>
    public int WordCount => (Width + WideWordBits - 1) / WideWordBits;

    /// <summary>Verilator's storage size for a port of <paramref name="width"/> bits (CData, SData, IData, QData, VlWide).</summary>
    public static int StorageBytesFor(int width) => width switch
    {
        <= 8 => sizeof(byte),
        <= 16 => sizeof(ushort),
        <= 32 => sizeof(uint),
        <= 64 => sizeof(ulong),
        _ => (width + WideWordBits - 1) / WideWordBits * sizeof(uint),
    };

    /// <inheritdoc />
    public override string ToString() => $"{Direction.ToString().ToLowerInvariant()} [{Width - 1}:0] {Name}";
}
