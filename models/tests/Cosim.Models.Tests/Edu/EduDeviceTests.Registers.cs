namespace Cosim.Models.Tests.Edu;

public sealed partial class EduDeviceTests
{
    [Fact]
    public void IdentificationReadsVersion1Point0AndIgnoresWrites()
    {
        Write32(Register.Identification, 0x1234_5678);

        Assert.Equal(0x0100_00EDu, Read32(Register.Identification));
    }

    [Fact]
    public void LivenessReadsZeroAtFirstThenTheInverseOfWhatWasWritten()
    {
        uint initial = Read32(Register.Liveness);
        Write32(Register.Liveness, 0x1234_5678);

        Assert.Equal(0u, initial); // addr4 starts at 0; only writes invert
        Assert.Equal(0xEDCB_A987u, Read32(Register.Liveness));
    }

    [Theory]
    [InlineData(0x00, 1)] // QEMU's memory core refuses sizes below edu's valid.min_access_size of 4 ...
    [InlineData(0x00, 2)]
    [InlineData(0x05, 1)]
    [InlineData(0x82, 2)]
    [InlineData(0x02, 4)] // ... and unaligned accesses (valid.unaligned is false) ...
    [InlineData(0x84, 8)]
    [InlineData(0x0C, 1)] // ... even where nothing is decoded: the read returns 0 (unassigned_mem_read)
    public void AccessesQemusMemoryCoreRefusesReadZero(ulong offset, int size)
    {
        byte[] data = _host.MemoryRead(Bar0 + offset, size);

        Assert.Equal(new byte[size], data);
    }

    [Theory]
    [InlineData(0x00)] // below 80h, edu_mmio_read returns ~0 for size 8
    [InlineData(0x20)]
    [InlineData(0x60)]
    [InlineData(0x78)]
    [InlineData(0xA0)] // at and above 80h, any offset the switch does not decode is ~0
    [InlineData(0x4_0000)] // the DMA buffer is not mapped in BAR0
    [InlineData(0xF_FFF8)]
    public void QwordReadsEduDoesNotDecodeReturnAllOnes(ulong offset)
    {
        Assert.Equal(ulong.MaxValue, Read64(offset));
    }

    [Theory]
    [InlineData(0x0C)]
    [InlineData(0x10)]
    [InlineData(0x1C)]
    [InlineData(0x28)]
    [InlineData(0x5C)]
    [InlineData(0x68)]
    [InlineData(0x7C)]
    [InlineData(0x84)] // the upper halves of the 64-bit DMA registers are not decoded by 4-byte reads
    [InlineData(0x8C)]
    [InlineData(0x94)]
    [InlineData(0x9C)]
    [InlineData(0xA0)]
    [InlineData(0x4_0000)]
    [InlineData(0xF_FFFC)]
    public void DwordReadsOfUndecodedOffsetsReturnAllOnes(ulong offset)
    {
        Assert.Equal(0xFFFF_FFFFu, Read32(offset));
    }

    [Theory]
    [InlineData(0x60)]
    [InlineData(0x64)]
    public void WriteOnlyInterruptRegistersReadAllOnes(ulong offset)
    {
        Assert.Equal(0xFFFF_FFFFu, Read32(offset));
    }

    [Fact]
    public void NarrowAndQwordWritesBelow80hAreIgnored()
    {
        _host.MemoryWrite(Bar0 + Register.Liveness, [0x55]);
        _host.MemoryWrite(Bar0 + Register.Liveness, [0x55, 0x55]);
        Write64(Register.Identification, 0x1111_1111_2222_2222); // would reach liveness at 04h

        Assert.Equal(0u, Read32(Register.Liveness));
    }

    [Fact]
    public void DmaRegistersTakeQwordAccesses()
    {
        Write64(Register.DmaSource, 0x1122_3344_5566_7788);
        Write64(Register.DmaDestination, 0x8877_6655_4433_2211);
        Write64(Register.DmaCount, 0x0000_0001_0000_0002);

        Assert.Equal(0x1122_3344_5566_7788ul, Read64(Register.DmaSource));
        Assert.Equal(0x8877_6655_4433_2211ul, Read64(Register.DmaDestination));
        Assert.Equal(0x0000_0001_0000_0002ul, Read64(Register.DmaCount));
        Assert.Equal(0x5566_7788u, Read32(Register.DmaSource)); // a 4-byte read returns the low half
    }

    [Fact]
    public void DwordWriteToADmaRegisterReplacesItZeroExtended()
    {
        Write64(Register.DmaSource, 0x1122_3344_5566_7788);

        Write32(Register.DmaSource, 0xAABB_CCDD); // QEMU stores the uint64_t value of a 4-byte write
        Write32(Register.DmaSource + 4, 0x9999_9999); // 84h is not decoded

        Assert.Equal(0x0000_0000_AABB_CCDDul, Read64(Register.DmaSource));
    }

    [Fact]
    public void WordWritesToDmaRegistersAreIgnored()
    {
        Write64(Register.DmaCount, 0x10);

        _host.MemoryWrite(Bar0 + Register.DmaCount, [0xFF, 0xFF]);

        Assert.Equal(0x10ul, Read64(Register.DmaCount));
    }

    [Fact]
    public void StatusKeepsOnlyTheInterruptRequestBitFromWrites()
    {
        Write32(Register.Status, 0xFFFF_FFFF);
        uint set = Read32(Register.Status);
        Write32(Register.Status, 0x7F);

        Assert.Equal(0x80u, set); // 0x01 (computing) is read-only
        Assert.Equal(0u, Read32(Register.Status));
    }

    [Fact]
    public void InterruptStatusIsReadOnly()
    {
        Write32(Register.InterruptStatus, 0xFFFF_FFFF);

        Assert.Equal(0u, Read32(Register.InterruptStatus));
    }
}
