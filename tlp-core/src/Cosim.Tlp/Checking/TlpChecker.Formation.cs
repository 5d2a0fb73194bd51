using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Checking;

public sealed partial class TlpChecker
{
    private const int DwordBytes = 4;
    private const ulong FourKiBMask = 0xFFF;

    // Formation rules a header and its payload show on their own: TlpCodec.Validate, the payload length and EP.
    // Returns false when the TLP is too broken to interpret further (its fields would only cause follow-on reports).
    private bool CheckFormation(LinkDirection direction, in TlpHeader header, ReadOnlySpan<byte> payload, ref Findings found)
    {
        // §2.2.2: "the TLP's data payload size ... must match the Length field" (the codec checks framed bytes; a tap
        // sees a header and a span, so it checks the span here).
        if (payload.Length != header.PayloadSize)
        {
            Add(ref found, CheckerRule.MalformedTlp, direction, header, $"payload is {payload.Length} bytes but Length {header.Length} DW announces {header.PayloadSize} ({TlpRule.PayloadLengthMismatch})");
            return false;
        }

        try
        {
            TlpCodec.Validate(header);
        }
        catch (TlpFormatException exception) when (exception.Rule == TlpRule.CrossesFourKiBBoundary)
        {
            ulong end = header.Address + ((ulong)header.Length * DwordBytes);
            Add(ref found, CheckerRule.CrossesFourKiBBoundary, direction, header, $"0x{header.Address:x}-0x{end - 1:x} crosses the 4 KiB boundary at 0x{end & ~FourKiBMask:x}");
        }
        catch (TlpFormatException exception)
        {
            Add(ref found, CheckerRule.MalformedTlp, direction, header, exception.Message);
            return false;
        }

        if (header.Poisoned)
        {
            Add(ref found, CheckerRule.PoisonedTlp, direction, header, "EP is set: the data is poisoned");
        }

        int maxPayload = EffectiveMaxPayloadBytes();
        if (header.HasData && header.PayloadSize > maxPayload && !header.IsAtomic)
        {
            Add(ref found, CheckerRule.PayloadExceedsMaxPayloadSize, direction, header, $"{header.PayloadSize}-byte payload exceeds Max_Payload_Size {maxPayload}");
        }

        return true;
    }

    private int EffectiveMaxPayloadBytes() =>
        (_config.TryGetTransferSizes(out MaxPayloadSize size, out _) ? size : Options.MaxPayloadSize).ToBytes();
}
