using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Tests.Transactions;

public sealed class TransferSizesTests
{
    // Device Control Max_Payload_Size (bits 7:5) and Max_Read_Request_Size (bits 14:12), §7.5.3.4:
    // 000b 128, 001b 256, 010b 512, 011b 1024, 100b 2048, 101b 4096 bytes.
    [Theory]
    [InlineData(0b000, 128)]
    [InlineData(0b001, 256)]
    [InlineData(0b010, 512)]
    [InlineData(0b011, 1024)]
    [InlineData(0b100, 2048)]
    [InlineData(0b101, 4096)]
    public void EverySizeCodeMapsToItsByteCountAndBack(byte code, int bytes)
    {
        Assert.Equal(bytes, ((MaxPayloadSize)code).ToBytes());
        Assert.Equal(bytes, ((MaxReadRequestSize)code).ToBytes());
        Assert.True(TransferSizes.TryGetMaxPayloadSize(bytes, out MaxPayloadSize payloadSize));
        Assert.True(TransferSizes.TryGetMaxReadRequestSize(bytes, out MaxReadRequestSize readRequestSize));
        Assert.Equal(code, (byte)payloadSize);
        Assert.Equal(code, (byte)readRequestSize);
    }

    [Theory]
    [InlineData(0b110)]
    [InlineData(0b111)]
    public void ReservedSizeCodesAreRejected(byte code)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((MaxPayloadSize)code).ToBytes());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((MaxReadRequestSize)code).ToBytes());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(384)]
    [InlineData(8192)]
    public void SizesWithoutACodeAreNotFound(int bytes)
    {
        Assert.False(TransferSizes.TryGetMaxPayloadSize(bytes, out _));
        Assert.False(TransferSizes.TryGetMaxReadRequestSize(bytes, out _));
    }

    // Link Control bit 3 (§7.5.3.7): 0b = 64 bytes, 1b = 128 bytes.
    [Theory]
    [InlineData(ReadCompletionBoundary.Bytes64, 64)]
    [InlineData(ReadCompletionBoundary.Bytes128, 128)]
    public void ReadCompletionBoundaryMapsToItsByteCountAndBack(ReadCompletionBoundary boundary, int bytes)
    {
        Assert.Equal(bytes, boundary.ToBytes());
        Assert.True(TransferSizes.TryGetReadCompletionBoundary(bytes, out ReadCompletionBoundary parsed));
        Assert.Equal(boundary, parsed);
    }

    [Fact]
    public void ReadCompletionBoundaryOtherThan64Or128IsRejected()
    {
        Assert.False(TransferSizes.TryGetReadCompletionBoundary(256, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ReadCompletionBoundary)2).ToBytes());
    }
}
