using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Tests.Config;

public sealed class ConfigSpaceBarTests
{
    [Fact]
    public void Memory32BarSizingReadsBackSizeMaskWithTypeBits()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(0x10, 0xFFFF_FFFF);

        // 1 MiB: ~(100000h - 1) = FFF00000h; bits 3:0 = 0000b (memory, 32-bit, not prefetchable).
        Assert.Equal(0xFFF0_0000u, config.ReadUInt32(0x10));
    }

    [Fact]
    public void Memory64BarSizingReadsBackLowerAndUpperSizeMasks()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(0x18, 0xFFFF_FFFF);
        config.WriteUInt32(0x1C, 0xFFFF_FFFF);

        // 16 MiB prefetchable 64-bit: lower FF000000h | 1100b (prefetchable, type 10b); upper all ones.
        Assert.Equal(0xFF00_000Cu, config.ReadUInt32(0x18));
        Assert.Equal(0xFFFF_FFFFu, config.ReadUInt32(0x1C));
    }

    [Fact]
    public void Memory64BarLargerThan4GiBHasReadOnlyLowerAddressBits()
    {
        var config = new ConfigSpace(SampleFunctions.Identity, [BarDefinition.Memory64(0, 1UL << 34, prefetchable: true)]);

        config.WriteUInt32(0x10, 0xFFFF_FFFF);
        config.WriteUInt32(0x14, 0xFFFF_FFFF);

        // 16 GiB: the lower DW keeps only its type bits, the upper reads ~(4 - 1) = FFFFFFFCh.
        Assert.Equal(0x0000_000Cu, config.ReadUInt32(0x10));
        Assert.Equal(0xFFFF_FFFCu, config.ReadUInt32(0x14));
    }

    [Fact]
    public void IoBarSizingKeepsBitZeroSet()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(0x14, 0xFFFF_FFFF);

        // 32 bytes: FFFFFFE0h | 01b (I/O Space Indicator).
        Assert.Equal(0xFFFF_FFE1u, config.ReadUInt32(0x14));
    }

    [Fact]
    public void UnimplementedBarReadsZeroAfterSizing()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(0x20, 0xFFFF_FFFF);

        Assert.Equal(0u, config.ReadUInt32(0x20));
    }

    [Fact]
    public void ExpansionRomSizingReadsBackAddressMaskAndEnableBit()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(0x30, 0xFFFF_FFFF);

        // 64 KiB: FFFF0000h, bits 10:1 reserved 0, ROM Enable (bit 0) writable.
        Assert.Equal(0xFFFF_0001u, config.ReadUInt32(0x30));
    }

    [Fact]
    public void FunctionWithoutRomHasReadOnlyZeroRomBar()
    {
        var config = SampleFunctions.With();

        config.WriteUInt32(0x30, 0xFFFF_FFFF);

        Assert.Equal(0u, config.ReadUInt32(0x30));
    }

    [Fact]
    public void GetBarAddressJoinsBothHalvesOfA64BitBar()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(0x18, 0x8100_0000);
        config.WriteUInt32(0x1C, 0x0000_0002);

        Assert.Equal(0x2_8100_0000UL, config.GetBarAddress(2));
    }

    [Fact]
    public void GetBarAddressRefusesTheUpperHalfAndUnimplementedSlots()
    {
        var config = SampleFunctions.Full();

        Assert.Contains("upper half", Assert.Throws<ArgumentException>(() => config.GetBarAddress(3)).Message, StringComparison.Ordinal);
        Assert.Contains("not implemented", Assert.Throws<ArgumentException>(() => config.GetBarAddress(4)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetBarReportsKindSizeAndPrefetchable()
    {
        var config = SampleFunctions.Full();

        BarDefinition? upper = config.GetBar(3);

        Assert.NotNull(upper);
        Assert.Equal(2, upper.Index);
        Assert.Equal(BarKind.Memory64, upper.Kind);
        Assert.Equal(16UL << 20, upper.Size);
        Assert.True(upper.Prefetchable);
        Assert.Null(config.GetBar(5));
    }

    [Fact]
    public void TryDecodeBarHitsProgrammedMemoryBarsOnlyWithMemorySpaceEnable()
    {
        var config = SampleFunctions.Full();
        config.WriteUInt32(0x10, 0xFEB0_0000);
        config.WriteUInt32(0x18, 0x0000_0000);
        config.WriteUInt32(0x1C, 0x0000_0001);

        bool beforeEnable = config.TryDecodeBar(0xFEB0_1234, isIo: false, out _, out _);
        config.WriteUInt16(0x04, (ushort)CommandFlags.MemorySpaceEnable);

        Assert.False(beforeEnable);
        Assert.True(config.TryDecodeBar(0xFEB0_1234, isIo: false, out int bar, out ulong offset));
        Assert.Equal((0, 0x1234UL), (bar, offset));
        Assert.True(config.TryDecodeBar(0x1_00FF_FFFF, isIo: false, out bar, out offset));
        Assert.Equal((2, 0xFF_FFFFUL), (bar, offset));
        Assert.False(config.TryDecodeBar(0x1_0100_0000, isIo: false, out _, out _));
        Assert.False(config.TryDecodeBar(0xFEB0_1234, isIo: true, out _, out _));
    }

    [Fact]
    public void TryDecodeBarHitsIoBarsOnlyWithIoSpaceEnable()
    {
        var config = SampleFunctions.Full();
        config.WriteUInt32(0x14, 0x0000_C040);
        config.WriteUInt16(0x04, (ushort)CommandFlags.MemorySpaceEnable);

        bool withMemoryOnly = config.TryDecodeBar(0xC044, isIo: true, out _, out _);
        config.WriteUInt16(0x04, (ushort)CommandFlags.IoSpaceEnable);

        Assert.False(withMemoryOnly);
        Assert.True(config.TryDecodeBar(0xC044, isIo: true, out int bar, out ulong offset));
        Assert.Equal((1, 4UL), (bar, offset));
        Assert.False(config.TryDecodeBar(0xC060, isIo: true, out _, out _));
    }

    [Fact]
    public void ExpansionRomDecodesOnlyWithRomEnableAndMemorySpaceEnable()
    {
        var config = SampleFunctions.Full();
        config.WriteUInt32(0x30, 0xFEC0_0000);
        config.WriteUInt16(0x04, (ushort)CommandFlags.MemorySpaceEnable);

        bool withoutRomEnable = config.TryDecodeExpansionRom(0xFEC0_0010, out _);
        config.WriteUInt32(0x30, 0xFEC0_0001);

        Assert.False(withoutRomEnable);
        Assert.True(config.TryDecodeExpansionRom(0xFEC0_0010, out ulong offset));
        Assert.Equal(0x10UL, offset);
        Assert.Equal(0xFEC0_0000u, config.ExpansionRomAddress);
        Assert.False(config.TryDecodeExpansionRom(0xFEC1_0000, out _));
    }

    [Fact]
    public void TwoBarsInOneSlotThrowNamingBoth()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ConfigSpace(
            SampleFunctions.Identity,
            [BarDefinition.Memory64(0, 4096), BarDefinition.Memory32(1, 4096)]));

        Assert.Contains("BAR1", exception.Message, StringComparison.Ordinal);
        Assert.Contains("BAR0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PciExpressEndpointRejectsPrefetchable32BitBar()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ConfigSpace(
            SampleFunctions.Identity,
            [BarDefinition.Memory32(2, 4096, prefetchable: true)],
            [new PciExpressCapability()]));

        Assert.StartsWith("BAR2:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LegacyEndpointMayHavePrefetchable32BitBar()
    {
        var config = new ConfigSpace(
            SampleFunctions.Identity,
            [BarDefinition.Memory32(2, 4096, prefetchable: true)],
            [new PciExpressCapability(PciExpressDeviceType.LegacyEndpoint)]);

        Assert.Equal(0x8u, config.ReadUInt32(0x18));
    }
}
