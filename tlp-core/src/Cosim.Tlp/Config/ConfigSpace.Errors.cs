using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Config;

/// <summary>Error logging in Device Status and AER (PCIe Base 6.0 §6.2.5, §6.2.6, Figure 6-3).</summary>
public sealed partial class ConfigSpace
{
    /// <summary>
    /// Logs an uncorrectable error this function detected in <paramref name="tlp"/>, as its completer or ultimate
    /// receiver: the AER status bit (and First Error Pointer and Header Log when unmasked), and in Device Status the
    /// Unsupported Request Detected bit for UR and the Correctable / Non-Fatal / Fatal Error Detected bit by severity.
    /// A non-fatal UR or CA answered with a completion, a Poisoned TLP Received or an Unexpected Completion is handled
    /// as an Advisory Non-Fatal Error (§6.2.3.2.4): Correctable Error Detected, and Advisory Non-Fatal Error in AER.
    /// A conventional PCI function (no PCI Express capability) has no such registers and logs nothing.
    /// Error messages (ERR_COR/ERR_NONFATAL/ERR_FATAL) are not sent from here. <paramref name="tlp"/> must be well
    /// formed (it is encoded for the Header Log; <see cref="TlpCodec.EncodeHeader"/> refuses a malformed one).
    /// </summary>
    public void ReportUncorrectableError(AerUncorrectableErrors error, in TlpHeader tlp)
    {
        if (PciExpress is null)
        {
            return;
        }

        bool advisory = error switch
        {
            AerUncorrectableErrors.UnsupportedRequestError or AerUncorrectableErrors.CompleterAbort => tlp.IsNonPosted,
            AerUncorrectableErrors.PoisonedTlpReceived or AerUncorrectableErrors.UnexpectedCompletion => true,
            _ => false,
        };
        Span<byte> header = stackalloc byte[TlpHeader.MaxHeaderBytes];
        int length = TlpCodec.EncodeHeader(tlp, header);
        RecordUncorrectableError(error, advisory, header[..length]);
    }

    private void RecordUncorrectableError(AerUncorrectableErrors error, bool advisory, ReadOnlySpan<byte> header)
    {
        if (PciExpress is null)
        {
            return;
        }

        Aer?.RecordUncorrectableError(error, header);
        AerUncorrectableErrors severity = Aer?.UncorrectableErrorSeverity ?? AerUncorrectableErrors.DefaultSeverity;
        bool fatal = (severity & error) != 0;
        DeviceStatusFlags status = error == AerUncorrectableErrors.UnsupportedRequestError
            ? DeviceStatusFlags.UnsupportedRequestDetected
            : DeviceStatusFlags.None;
        if (fatal)
        {
            status |= DeviceStatusFlags.FatalErrorDetected;
        }
        else if (advisory)
        {
            status |= DeviceStatusFlags.CorrectableErrorDetected;
            Aer?.RecordCorrectableError(AerCorrectableErrors.AdvisoryNonFatalError);
        }
        else
        {
            status |= DeviceStatusFlags.NonFatalErrorDetected;
        }

        PciExpress.SetDeviceStatus(status);
    }
}
