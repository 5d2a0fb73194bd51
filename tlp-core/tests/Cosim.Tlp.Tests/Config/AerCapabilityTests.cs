using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Tests.Config;

public sealed class AerCapabilityTests
{
    private const int UncorrectableStatus = SampleFunctions.AerOffset + 0x04;
    private const int UncorrectableMask = SampleFunctions.AerOffset + 0x08;
    private const int UncorrectableSeverity = SampleFunctions.AerOffset + 0x0C;
    private const int CorrectableStatus = SampleFunctions.AerOffset + 0x10;
    private const int CorrectableMask = SampleFunctions.AerOffset + 0x14;
    private const int Control = SampleFunctions.AerOffset + 0x18;

    [Fact]
    public void UncorrectableStatusClearsOnlyBitsWrittenWithOne()
    {
        var config = SampleFunctions.Full();
        config.Aer!.RecordUncorrectableError(AerUncorrectableErrors.CompletionTimeout, []);
        config.Aer.RecordUncorrectableError(AerUncorrectableErrors.UnsupportedRequestError, []);

        config.WriteUInt32(UncorrectableStatus, (uint)AerUncorrectableErrors.CompletionTimeout);

        Assert.Equal(AerUncorrectableErrors.UnsupportedRequestError, config.Aer.UncorrectableErrorStatus);
    }

    [Fact]
    public void CorrectableStatusClearsOnlyBitsWrittenWithOne()
    {
        var config = SampleFunctions.Full();
        config.Aer!.RecordCorrectableError(AerCorrectableErrors.BadTlp | AerCorrectableErrors.ReceiverError);

        config.WriteUInt32(CorrectableStatus, (uint)AerCorrectableErrors.BadTlp);

        Assert.Equal(AerCorrectableErrors.ReceiverError, config.Aer.CorrectableErrorStatus);
    }

    [Fact]
    public void SoftwareCannotSetStatusBits()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(UncorrectableStatus, 0xFFFF_FFFF);
        config.WriteUInt32(CorrectableStatus, 0xFFFF_FFFF);

        Assert.Equal(0u, config.ReadUInt32(UncorrectableStatus));
        Assert.Equal(0u, config.ReadUInt32(CorrectableStatus));
    }

    [Fact]
    public void MaskAndSeverityAreWritableForImplementedErrorsOnly()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(UncorrectableMask, 0xFFFF_FFFF);
        config.WriteUInt32(UncorrectableSeverity, 0x0000_0000);
        config.WriteUInt32(CorrectableMask, 0xFFFF_FFFF);

        Assert.Equal(AerUncorrectableErrors.Implemented, config.Aer!.UncorrectableErrorMask);
        Assert.Equal(AerUncorrectableErrors.SurpriseDownError, config.Aer.UncorrectableErrorSeverity); // not implemented: RO default
        Assert.Equal(AerCorrectableErrors.Implemented, config.Aer.CorrectableErrorMask);
    }

    [Fact]
    public void CapabilitiesAndControlIsReadOnlyWithoutEcrc()
    {
        var config = SampleFunctions.Full();

        config.WriteUInt32(Control, 0xFFFF_FFFF);

        Assert.Equal(0u, config.ReadUInt32(Control));
    }

    [Fact]
    public void FirstUnmaskedErrorSetsFirstErrorPointerAndHeaderLogInWireOrder()
    {
        var config = SampleFunctions.Full();
        byte[] header = [0x04, 0x00, 0x00, 0x01, 0x00, 0x08, 0x05, 0x0F, 0x01, 0x00, 0x00, 0x10];

        config.Aer!.RecordUncorrectableError(AerUncorrectableErrors.PoisonedTlpReceived, header);
        config.Aer.RecordUncorrectableError(AerUncorrectableErrors.CompletionTimeout, [0xFF, 0xFF, 0xFF, 0xFF]);

        Assert.Equal(12, config.Aer.FirstErrorPointer);
        // Header Log DW0 holds header byte 0 in bits 31:24: configuration bytes 11Ch-11Fh are 01 00 00 04.
        Assert.Equal(0x0400_0001u, config.ReadUInt32(SampleFunctions.AerOffset + 0x1C));
        Span<byte> log = stackalloc byte[16];
        config.Aer.ReadHeaderLog(log);
        Assert.Equal([.. header, 0, 0, 0, 0], log.ToArray());
    }

    [Fact]
    public void MaskedErrorSetsStatusButNotFirstErrorPointer()
    {
        var config = SampleFunctions.Full();
        config.WriteUInt32(UncorrectableMask, (uint)AerUncorrectableErrors.CompleterAbort);

        config.Aer!.RecordUncorrectableError(AerUncorrectableErrors.CompleterAbort, [0xAA]);

        Assert.Equal(AerUncorrectableErrors.CompleterAbort, config.Aer.UncorrectableErrorStatus);
        Assert.Equal(0, config.Aer.FirstErrorPointer);
        Assert.Equal(0u, config.ReadUInt32(SampleFunctions.AerOffset + 0x1C));
    }

    [Fact]
    public void ClearingTheFirstErrorRearmsTheFirstErrorPointer()
    {
        var config = SampleFunctions.Full();
        config.Aer!.RecordUncorrectableError(AerUncorrectableErrors.PoisonedTlpReceived, []);
        config.WriteUInt32(UncorrectableStatus, (uint)AerUncorrectableErrors.PoisonedTlpReceived);

        config.Aer.RecordUncorrectableError(AerUncorrectableErrors.MalformedTlp, []);

        Assert.Equal(18, config.Aer.FirstErrorPointer);
    }

    [Theory]
    [InlineData(AerUncorrectableErrors.None)]
    [InlineData(AerUncorrectableErrors.SurpriseDownError)]
    [InlineData(AerUncorrectableErrors.CompleterAbort | AerUncorrectableErrors.MalformedTlp)]
    public void RecordUncorrectableErrorTakesOneImplementedError(AerUncorrectableErrors error)
    {
        var config = SampleFunctions.Full();

        Assert.Throws<ArgumentOutOfRangeException>(() => config.Aer!.RecordUncorrectableError(error, []));
    }

    [Fact]
    public void RecordCorrectableErrorRefusesUnimplementedErrors()
    {
        var config = SampleFunctions.Full();

        Assert.Throws<ArgumentOutOfRangeException>(() => config.Aer!.RecordCorrectableError((AerCorrectableErrors)(1u << 14)));
    }

    [Fact]
    public void ConventionalResetClearsStickyStatus()
    {
        var config = SampleFunctions.Full();
        config.Aer!.RecordUncorrectableError(AerUncorrectableErrors.CompletionTimeout, []);

        config.Reset();

        Assert.Equal(AerUncorrectableErrors.None, config.Aer.UncorrectableErrorStatus);
    }
}
