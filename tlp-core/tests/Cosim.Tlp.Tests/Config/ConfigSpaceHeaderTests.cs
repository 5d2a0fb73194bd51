using Cosim.Tlp.Config;

namespace Cosim.Tlp.Tests.Config;

public sealed class ConfigSpaceHeaderTests
{
    [Theory]
    [InlineData(0x00, 0x11E8_1234u)] // Device ID, Vendor ID
    [InlineData(0x08, 0x00FF_0010u)] // Class Code 00FF00h, Revision ID 10h
    [InlineData(0x2C, 0x1100_1AF4u)] // Subsystem ID, Subsystem Vendor ID
    [InlineData(0x28, 0x0000_0000u)] // Cardbus CIS Pointer
    public void ReadOnlyIdentificationRegistersIgnoreWrites(int offset, uint powerOn)
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(offset, 0xFFFF_FFFF);
        config.WriteUInt32(offset, 0x0000_0000);

        Assert.Equal(powerOn, config.ReadUInt32(offset));
    }

    [Fact]
    public void CommandAcceptsOnlyTheBitsPciExpressLeavesWritable()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt16(0x04, 0xFFFF);

        // IO, Memory, Bus Master (0007h), Parity Error Response (0040h), SERR# Enable (0100h), Interrupt Disable (0400h).
        Assert.Equal((ushort)0x0547, config.ReadUInt16(0x04));
        Assert.Equal(CommandFlags.Writable, config.Command);
        Assert.True(config.MemorySpaceEnable);
        Assert.True(config.IoSpaceEnable);
        Assert.True(config.BusMasterEnable);
        Assert.True(config.InterruptDisable);
    }

    [Fact]
    public void StatusErrorBitsClearOnlyWhereOneIsWritten()
    {
        var config = SampleFunctions.Full();
        config.SetStatus(StatusFlags.ReceivedMasterAbort | StatusFlags.SignaledTargetAbort | StatusFlags.DetectedParityError);

        // Write 1 to Received Master Abort (bit 13) only; a 0 elsewhere leaves the other error bits set.
        config.WriteUInt16(0x06, (ushort)StatusFlags.ReceivedMasterAbort);

        Assert.Equal(
            StatusFlags.CapabilitiesList | StatusFlags.SignaledTargetAbort | StatusFlags.DetectedParityError,
            config.Status);
    }

    [Fact]
    public void StatusReadOnlyBitsIgnoreWritesOfOne()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt16(0x06, 0x06FF);

        Assert.Equal(StatusFlags.CapabilitiesList, config.Status);
    }

    [Fact]
    public void InterruptStatusReflectsTheFunctionsIntxStateAndIgnoresSoftware()
    {
        var config = SampleFunctions.Full();

        config.InterruptStatus = true;
        config.WriteUInt16(0x06, (ushort)StatusFlags.InterruptStatus);

        Assert.True(config.InterruptStatus);
        Assert.Equal(0x0018, config.ReadUInt16(0x06));
        config.InterruptStatus = false;
        Assert.Equal(0x0010, config.ReadUInt16(0x06));
    }

    [Fact]
    public void SetStatusRefusesBitsThatAreNotRw1cErrorBits()
    {
        var config = SampleFunctions.Full();

        Assert.Throws<ArgumentOutOfRangeException>(() => config.SetStatus(StatusFlags.CapabilitiesList));
    }

    [Fact]
    public void CacheLineSizeAndInterruptLineAreReadWriteWhileTheirNeighboursAreNot()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(0x0C, 0xFFFF_FFFF); // Cache Line Size, Latency Timer, Header Type, BIST
        config.WriteUInt32(0x3C, 0xFFFF_FFFF); // Interrupt Line, Interrupt Pin, Min_Gnt, Max_Lat

        Assert.Equal(0x0000_00FFu, config.ReadUInt32(0x0C));
        Assert.Equal(0x0000_01FFu, config.ReadUInt32(0x3C));
        Assert.Equal(0xFF, config.CacheLineSize);
        Assert.Equal(0xFF, config.InterruptLine);
    }

    [Fact]
    public void CapabilitiesPointerIsReadOnly()
    {
        var config = SampleFunctions.Full();

        config.WriteByte(0x34, 0x80);

        Assert.Equal(0x40, config.ReadByte(0x34));
    }

    [Fact]
    public void FunctionWithoutCapabilitiesHasNoCapabilitiesListAndNullPointer()
    {
        var config = new ConfigSpace(SampleFunctions.Identity);

        Assert.Equal(StatusFlags.None, config.Status);
        Assert.Equal(0, config.ReadByte(0x34));
    }

    [Fact]
    public void MultiFunctionDeviceSetsHeaderTypeBit7()
    {
        var config = new ConfigSpace(SampleFunctions.Identity with { MultiFunctionDevice = true });

        Assert.Equal(0x80, config.ReadByte(0x0E));
    }

    [Theory]
    [InlineData(0xA8)]
    [InlineData(0xFC)]
    [InlineData(0x200)]
    [InlineData(0xFFC)]
    public void UnimplementedSpaceReadsZeroAndIgnoresWrites(int offset)
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(offset, 0xFFFF_FFFF);

        Assert.Equal(0u, config.ReadUInt32(offset));
    }

    [Fact]
    public void ByteGranularWriteSpanningTwoDwordsAppliesEachRegistersMask()
    {
        var config = SampleFunctions.Full();

        // Bytes 3Bh-3Eh: reserved, Interrupt Line, Interrupt Pin, Min_Gnt.
        config.Write(0x3B, [0xAA, 0x5A, 0x03, 0x77]);

        Span<byte> readBack = stackalloc byte[4];
        config.Read(0x3B, readBack);
        Assert.Equal(new byte[] { 0x00, 0x5A, 0x01, 0x00 }, readBack.ToArray());
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(4095, 2)]
    [InlineData(4096, 1)]
    public void AccessOutsideTheFourKiBSpaceThrows(int offset, int length)
    {
        var config = SampleFunctions.Full();

        Assert.Throws<ArgumentOutOfRangeException>(() => config.Write(offset, new byte[length]));
    }

    [Fact]
    public void ResetRestoresPowerOnValues()
    {
        var config = SampleFunctions.Full();
        string powerOn = config.ToLspciHex();
        config.WriteUInt16(0x04, 0x0007);
        config.WriteUInt32(0x10, 0xFEB0_0000);
        config.WriteByte(0x3C, 0x0B);

        config.Reset();

        Assert.Equal(powerOn, config.ToLspciHex());
    }

    [Fact]
    public void IdentityRejectsClassCodeWiderThan24Bits()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => new ConfigSpace(SampleFunctions.Identity with { ClassCode = 0x0100_0000 }));

        Assert.Contains("ClassCode", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdentityRejectsTheAbsentFunctionVendorId()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => new ConfigSpace(SampleFunctions.Identity with { VendorId = 0xFFFF }));

        Assert.Contains("VendorId", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdentityRejectsInterruptPinBeyondIntd()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new ConfigSpace(SampleFunctions.Identity with { InterruptPin = (InterruptPin)5 }));
    }
}
