using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Tests.Config;

public sealed class MsiCapabilityTests
{
    private const int Control = SampleFunctions.MsiOffset + 2;
    private const int Address = SampleFunctions.MsiOffset + 4;
    private const int UpperAddress = SampleFunctions.MsiOffset + 8;
    private const int Data = SampleFunctions.MsiOffset + 0x0C;
    private const int Mask = SampleFunctions.MsiOffset + 0x10;
    private const int Pending = SampleFunctions.MsiOffset + 0x14;

    [Fact]
    public void MultipleMessageEnableAboveCapableIsClampedToCapable()
    {
        var config = SampleFunctions.Full();

        // MSI Enable | MME 101b (32 vectors) on a function capable of 4 (MMC 010b).
        config.WriteUInt16(Control, 0x0051);

        Assert.Equal(0x01A5, config.ReadUInt16(Control)); // PVM | 64-bit | MME 010b | MMC 010b | Enable
        Assert.True(config.Msi!.Enabled);
        Assert.Equal(4, config.Msi.EnabledVectorCount);
    }

    [Fact]
    public void MultipleMessageEnableWithinCapableIsKept()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt16(Control, 0x0011);

        Assert.Equal(2, config.Msi!.EnabledVectorCount);
    }

    [Fact]
    public void ReadOnlyControlFieldsIgnoreWrites()
    {
        var config = SampleFunctions.Full();

        // Try to change MMC (3:1), 64-bit (7), PVM (8) and the Extended Message Data bits (10:9).
        config.WriteUInt16(Control, 0x060E);

        Assert.Equal(0x0184, config.ReadUInt16(Control));
    }

    [Fact]
    public void AddressDataAndUpperAddressHoldWhatSoftwareWrites()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(Address, 0xFEE0_100F);
        config.WriteUInt32(UpperAddress, 0x0000_0001);
        config.WriteUInt32(Data, 0xFFFF_4021);

        Assert.Equal(0x1_FEE0_100CUL, config.Msi!.Address); // bits 1:0 are RO 0
        Assert.Equal((ushort)0x4021, config.Msi.Data);
        Assert.Equal(0x0000_4021u, config.ReadUInt32(Data)); // Extended Message Data reads 0
    }

    [Fact]
    public void MaskBitsAreWritableOnlyForImplementedVectors()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(Mask, 0xFFFF_FFFA);

        Assert.Equal(0x0000_000Au, config.ReadUInt32(Mask));
        Assert.True(config.Msi!.IsMasked(1));
        Assert.False(config.Msi.IsMasked(2));
        Assert.True(config.Msi.IsMasked(3));
    }

    [Fact]
    public void PendingBitsAreSetByTheFunctionAndReadOnlyToSoftware()
    {
        var config = SampleFunctions.Full();

        config.Msi!.SetPending(2);
        config.WriteUInt32(Pending, 0x0000_0000);
        config.WriteUInt32(Pending, 0xFFFF_FFFF);

        Assert.Equal(0x0000_0004u, config.ReadUInt32(Pending));
        Assert.True(config.Msi.IsPending(2));
        config.Msi.SetPending(2, pending: false);
        Assert.Equal(0u, config.Msi.PendingBits);
    }

    [Fact]
    public void SetPendingWithoutPerVectorMaskingThrows()
    {
        var config = SampleFunctions.With(new MsiCapability(4, is64Bit: false));

        Assert.Throws<InvalidOperationException>(() => config.Msi!.SetPending(0));
        Assert.False(config.Msi!.IsMasked(0));
    }

    [Fact]
    public void ThirtyTwoBitLayoutHasDataAt08hAndMaskAt0Ch()
    {
        var config = SampleFunctions.With(new MsiCapability(32, is64Bit: false, perVectorMasking: true));
        int msi = config.Msi!.Offset;

        config.WriteUInt32(msi + 4, 0xFEE0_0000);
        config.WriteUInt32(msi + 8, 0x0000_0041);
        config.WriteUInt32(msi + 0x0C, 0xFFFF_FFFF);

        Assert.Equal(0x010A, config.ReadUInt16(msi + 2)); // PVM (bit 8), not 64-bit, MMC 101b in bits 3:1
        Assert.Equal(0xFEE0_0000UL, config.Msi.Address);
        Assert.Equal((ushort)0x41, config.Msi.Data);
        Assert.Equal(uint.MaxValue, config.Msi.MaskBits);
    }

    [Fact]
    public void MessageDataForVectorReplacesTheLowBitsMultipleMessageEnableAllows()
    {
        var config = SampleFunctions.Full();
        config.WriteUInt32(Data, 0x4020);
        config.WriteUInt16(Control, 0x0021); // 4 vectors

        ushort vector3 = config.Msi!.GetMessageData(3);

        Assert.Equal((ushort)0x4023, vector3);
        Assert.Throws<ArgumentOutOfRangeException>(() => config.Msi.GetMessageData(4));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(64)]
    public void VectorCountMustBeAPowerOfTwoUpTo32(int vectorCount)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new MsiCapability(vectorCount));

        Assert.StartsWith("MSI:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VectorAccessorsRejectVectorsBeyondCapable()
    {
        var config = SampleFunctions.Full();

        Assert.Throws<ArgumentOutOfRangeException>(() => config.Msi!.IsMasked(4));
    }
}
