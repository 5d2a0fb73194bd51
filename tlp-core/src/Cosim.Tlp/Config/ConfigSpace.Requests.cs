using System.Buffers.Binary;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Config;

/// <summary>Answering configuration request TLPs.</summary>
public sealed partial class ConfigSpace
{
    private const int ConfigDataBytes = 4;
    private const ushort ConfigRequestLength = 1;
    private const int ConfigCompletionByteCount = 4;

    /// <summary>
    /// Answers one request addressed to this function, sending the completion (if any) to <paramref name="upstream"/>:
    /// <list type="bullet">
    /// <item>CfgRd0: CplD with the DW at the register offset, in address order (every byte is returned; only the
    /// enabled ones are meaningful to the requester). Byte Count 4, Lower Address 0 (§2.2.9).</item>
    /// <item>CfgWr0: the bytes enabled by First DW BE are written, then Cpl SC. A poisoned CfgWr0 is discarded and
    /// completed with UR (§2.7.2.2: "A Poisoned Configuration Write Request must be discarded by the Completer, and a
    /// Completion with a Completion Status of UR is returned").</item>
    /// <item>CfgRd1/CfgWr1 and any other non-posted request: Cpl UR (a type-1 request is unsupported by an endpoint,
    /// §7.3.3). Posted requests get no completion. The error is logged in Device Status and AER.</item>
    /// <item>A malformed configuration request (Length ≠ 1, Last DW BE ≠ 0000b, offset beyond 4 KiB, missing data)
    /// is dropped and logged as Malformed TLP: a receiver does not answer a malformed TLP (§2.3).</item>
    /// </list>
    /// </summary>
    public void HandleRequest(in TlpHeader cfgRequest, ReadOnlySpan<byte> payload, PcieId completer, ITlpReceiver upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        bool isType0 = cfgRequest.Kind is TlpKind.ConfigRead0 or TlpKind.ConfigWrite0;
        if (!isType0)
        {
            if (cfgRequest.IsNonPosted)
            {
                upstream.Receive(TlpHeader.UnsupportedRequestFor(cfgRequest, completer), []);
            }

            ReportUncorrectableError(AerUncorrectableErrors.UnsupportedRequestError, cfgRequest);
            return;
        }

        bool isWrite = cfgRequest.Kind == TlpKind.ConfigWrite0;
        if (cfgRequest.Length != ConfigRequestLength
            || cfgRequest.LastDwByteEnables != 0
            || cfgRequest.Address >= Size
            || (cfgRequest.Address & (ConfigDataBytes - 1)) != 0
            || (isWrite && payload.Length < ConfigDataBytes))
        {
            RecordUncorrectableError(AerUncorrectableErrors.MalformedTlp, advisory: false, []);
            return;
        }

        int offset = (int)cfgRequest.Address;
        if (!isWrite)
        {
            Span<byte> data = stackalloc byte[ConfigDataBytes];
            _registers.Read(offset, data);
            TlpHeader completion = TlpHeader.CompletionFor(
                cfgRequest, completer, CompletionStatus.SuccessfulCompletion, dataDwords: 1, ConfigCompletionByteCount, lowerAddress: 0);
            upstream.Receive(completion, data);
            return;
        }

        if (cfgRequest.Poisoned)
        {
            upstream.Receive(TlpHeader.UnsupportedRequestFor(cfgRequest, completer), []);
            SetStatus(StatusFlags.DetectedParityError);
            ReportUncorrectableError(AerUncorrectableErrors.PoisonedTlpReceived, cfgRequest);
            return;
        }

        uint written = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        CompleteWrite(_registers.WriteMasked(offset, written, ByteEnables.ToMask(cfgRequest.FirstDwByteEnables)));
        upstream.Receive(TlpHeader.CompletionWithoutDataFor(cfgRequest, completer, CompletionStatus.SuccessfulCompletion), []);
    }
}
