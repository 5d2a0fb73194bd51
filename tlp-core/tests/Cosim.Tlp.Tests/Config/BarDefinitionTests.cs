using Cosim.Tlp.Config;

namespace Cosim.Tlp.Tests.Config;

public sealed class BarDefinitionTests
{
    [Theory]
    [InlineData(BarKind.Memory32, 2, 100ul)]   // not a power of two
    [InlineData(BarKind.Memory32, 2, 8ul)]     // below 16 bytes
    [InlineData(BarKind.Memory32, 2, 1ul << 32)] // a 32-bit BAR decodes at most 2 GiB
    [InlineData(BarKind.Memory64, 2, 0ul)]
    [InlineData(BarKind.Io, 2, 2ul)]           // below 4 bytes
    [InlineData(BarKind.Io, 2, 512ul)]         // above 256 bytes
    public void BadSizeThrowsWithMessageNamingTheBar(BarKind kind, int index, ulong size)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Create(kind, index, size));

        Assert.StartsWith($"BAR{index}:", exception.Message, StringComparison.Ordinal);
        Assert.Equal("size", exception.ParamName);
    }

    [Theory]
    [InlineData(BarKind.Memory32, -1)]
    [InlineData(BarKind.Memory32, 6)]
    [InlineData(BarKind.Memory64, 5)] // no slot 6 for the upper half
    public void BadIndexThrowsWithMessageNamingTheBar(BarKind kind, int index)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Create(kind, index, 4096));

        Assert.StartsWith($"BAR{index}:", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BarKind.Memory32, 16ul)]
    [InlineData(BarKind.Memory32, 1ul << 31)]
    [InlineData(BarKind.Memory64, 1ul << 63)]
    [InlineData(BarKind.Io, 4ul)]
    [InlineData(BarKind.Io, 256ul)]
    public void SizesAtTheLimitsAreAccepted(BarKind kind, ulong size)
    {
        BarDefinition bar = Create(kind, 0, size);

        Assert.Equal(size, bar.Size);
    }

    [Theory]
    [InlineData(1024u)]
    [InlineData(3000u)]
    [InlineData(32u * 1024 * 1024)]
    public void ExpansionRomSizeMustBeAPowerOfTwoFrom2KiBTo16MiB(uint size)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new ExpansionRomDefinition(size));

        Assert.StartsWith("Expansion ROM:", exception.Message, StringComparison.Ordinal);
    }

    private static BarDefinition Create(BarKind kind, int index, ulong size) => kind switch
    {
        BarKind.Memory32 => BarDefinition.Memory32(index, size),
        BarKind.Memory64 => BarDefinition.Memory64(index, size),
        _ => BarDefinition.Io(index, size),
    };
}
