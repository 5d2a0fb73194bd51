using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Tests.Config;

public sealed class MsixCapabilityTests
{
    private const int Control = SampleFunctions.MsixOffset + 2;

    [Fact]
    public void EnableAndFunctionMaskAreWritableAndTableSizeIsNot()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt16(Control, 0xFFFF);

        Assert.Equal(0xC007, config.ReadUInt16(Control));
        Assert.True(config.MsiX!.Enabled);
        Assert.True(config.MsiX.FunctionMask);
        Assert.Equal(8, config.MsiX.TableSize);
    }

    [Fact]
    public void TableAndPbaLocationRegistersAreReadOnly()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(SampleFunctions.MsixOffset + 4, 0xFFFF_FFFF);
        config.WriteUInt32(SampleFunctions.MsixOffset + 8, 0);

        Assert.Equal(0x0001_0000u, config.ReadUInt32(SampleFunctions.MsixOffset + 4));
        Assert.Equal(0x0001_8000u, config.ReadUInt32(SampleFunctions.MsixOffset + 8));
        Assert.Equal((0, 0x1_0000u, 0x80u), (config.MsiX!.TableBar, config.MsiX.TableOffset, config.MsiX.TableLength));
        Assert.Equal((0, 0x1_8000u, 8u), (config.MsiX.PbaBar, config.MsiX.PbaOffset, config.MsiX.PbaLength));
    }

    [Fact]
    public void BirIsEncodedInTheLowThreeBits()
    {
        var config = new ConfigSpace(
            SampleFunctions.Identity,
            [BarDefinition.Memory32(0, 4096), BarDefinition.Memory64(4, 16384)],
            [new MsixCapability(tableSize: 65, tableBar: 4, tableOffset: 0x2000, pbaBar: 0, pbaOffset: 0x800)]);

        Assert.Equal(0x0000_2004u, config.ReadUInt32(config.MsiX!.Offset + 4));
        Assert.Equal(0x0000_0800u, config.ReadUInt32(config.MsiX.Offset + 8));
        Assert.Equal(16u, config.MsiX.PbaLength); // 65 entries -> 2 QWORDs
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2049)]
    public void TableSizeMustBe1To2048(int tableSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MsixCapability(tableSize, 0, 0, 0, 0x800));
    }

    [Theory]
    [InlineData(0x1004u, 0x800u, "Table Offset")]
    [InlineData(0x1000u, 0x802u, "PBA Offset")]
    public void OffsetsMustBeQwordAligned(uint tableOffset, uint pbaOffset, string field)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new MsixCapability(4, 0, tableOffset, 0, pbaOffset));

        Assert.Contains(field, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6, 0)]
    [InlineData(0, -1)]
    public void BirMustNameBar0ToBar5(int tableBar, int pbaBar)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MsixCapability(4, tableBar, 0, pbaBar, 0x800));
    }

    [Fact]
    public void TableOutsideItsBarThrows()
    {
        // 256 entries x 16 bytes = 4 KiB at 800h does not fit a 4 KiB BAR.
        var exception = Assert.Throws<ArgumentException>(() => SampleFunctions.With(new MsixCapability(256, 0, 0x800, 0, 0)));

        Assert.Contains("table", exception.Message, StringComparison.Ordinal);
        Assert.Contains("does not fit in BAR0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PbaOutsideItsBarThrows()
    {
        var exception = Assert.Throws<ArgumentException>(() => SampleFunctions.With(new MsixCapability(4, 0, 0, 0, 0x1000)));

        Assert.Contains("PBA", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TableAndPbaOverlapThrows()
    {
        // Table 0h-3Fh (4 entries), PBA at 38h.
        var exception = Assert.Throws<ArgumentException>(() => SampleFunctions.With(new MsixCapability(4, 0, 0, 0, 0x38)));

        Assert.Contains("overlap", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TableInUnimplementedBarThrows()
    {
        var exception = Assert.Throws<ArgumentException>(() => SampleFunctions.With(new MsixCapability(4, 2, 0, 0, 0x800)));

        Assert.Contains("BAR2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TableInUpperHalfOf64BitBarThrows()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ConfigSpace(
            SampleFunctions.Identity,
            [BarDefinition.Memory64(0, 4096)],
            [new MsixCapability(4, 1, 0, 0, 0x800)]));

        Assert.Contains("upper half", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TableInIoBarThrows()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ConfigSpace(
            SampleFunctions.Identity,
            [BarDefinition.Memory32(0, 4096), BarDefinition.Io(1, 256)],
            [new MsixCapability(4, 1, 0, 0, 0x800)]));

        Assert.Contains("I/O BAR", exception.Message, StringComparison.Ordinal);
    }
}
