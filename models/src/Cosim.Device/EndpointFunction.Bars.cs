using Cosim.Device.Registers;
using Cosim.Tlp;
using Cosim.Tlp.Transactions;

namespace Cosim.Device;

public abstract partial class EndpointFunction
{
    private const int DwordBytes = 4;

    // Memory and I/O requests that hit a BAR (PCIe Base 6.0 §2.2.7). Anything that no enabled BAR claims, that
    // runs past the BAR's end, or that is poisoned is an Unsupported Request: answered with UR when non-posted,
    // dropped when posted, and logged once.
    private void HandleBarRequest(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        bool isIo = header.IsIoRequest;
        if (!ConfigSpace.TryDecodeBar(header.Address, isIo, out int bar, out ulong offset) || _barMaps[bar] is not { } map)
        {
            // Logged once per kind, with the decoder state that explains most refusals a driver author sees.
            string key = isIo ? "io-no-bar" : "memory-no-bar";
            if (IsFirstTime(key))
            {
                string why = $"{key} (command 0x{(ushort)ConfigSpace.Command:x4}, {ConfigSpace.PowerManagement?.PowerState.ToString() ?? "no PM"})";
                DeviceLog.RequestRefused(Logger, GetType().Name, why, header.ToString());
            }

            AnswerUnsupported(header);
            return;
        }

        ulong span = (ulong)header.Length * DwordBytes;
        if (offset + span > map.Size)
        {
            Refuse("beyond-bar-end-" + map.Name, header);
            return;
        }

        if (header.Poisoned)
        {
            Refuse("poisoned-" + map.Name, header);
            return;
        }

        if (header.HasData)
        {
            WriteEnabledBytes(map, offset, header, payload);
            if (header.IsNonPosted)
            {
                Upstream.Receive(TlpHeader.CompletionWithoutDataFor(header, _id, CompletionStatus.SuccessfulCompletion), []);
            }

            return;
        }

        var splitter = new CompletionSplitter(header, CompletionPayloadLimit(), ReadCompletionBoundary.Bytes64);
        Span<byte> data = stackalloc byte[TlpHeader.MaxPayloadBytes];
        data = data[..splitter.DataBytes];
        bool zeroLengthRead = header.Length == 1 && header.FirstDwByteEnables == 0;
        if (zeroLengthRead)
        {
            // §2.2.5: a zero-length read returns one DW of undefined data and has no side effects.
            data.Clear();
        }
        else
        {
            map.Read(offset + (ulong)ByteEnables.FirstEnabledByteOffset(header.FirstDwByteEnables), data);
        }

        CompletionSplitter.WriteCompletions(header, _id, data, CompletionPayloadLimit(), ReadCompletionBoundary.Bytes64, Upstream);
    }

    // Applies exactly the enabled bytes. Each run of contiguous enabled bytes, across DW boundaries, becomes one
    // register-map write: an aligned 8-byte MWr (Length 2, both byte enables 1111b) reaches an 8-byte register as one
    // 8-byte access, as the CPU issued it. Only the first and last DW can have disabled bytes (§2.2.5).
    private static void WriteEnabledBytes(RegisterMap map, ulong offset, in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        int length = header.Length;
        int totalBytes = length * DwordBytes;
        int lastDwStart = (length - 1) * DwordBytes;
        int at = 0;
        while (at < totalBytes)
        {
            if (!IsByteEnabled(header, at, lastDwStart))
            {
                at++;
                continue;
            }

            int start = at;
            while (at < totalBytes && IsByteEnabled(header, at, lastDwStart))
            {
                // The middle DWs are fully enabled: jump over them to the last DW.
                at = at >= DwordBytes && at < lastDwStart ? lastDwStart : at + 1;
            }

            map.Write(offset + (ulong)start, payload[start..at]);
        }
    }

    private static bool IsByteEnabled(in TlpHeader header, int at, int lastDwStart)
    {
        int enables = at < DwordBytes ? header.FirstDwByteEnables : at >= lastDwStart ? header.LastDwByteEnables : ByteEnables.All;
        return (enables & (1 << (at % DwordBytes))) != 0;
    }

    private MaxPayloadSize CompletionPayloadLimit() =>
        TransferSizes.TryGetMaxPayloadSize(ConfigSpace.DeviceControl.MaxPayloadSize, out MaxPayloadSize size) ? size : MaxPayloadSize.Bytes128;

    private void Refuse(string reason, in TlpHeader header)
    {
        LogOnce(reason, header);
        AnswerUnsupported(header);
    }

    private void AnswerUnsupported(in TlpHeader header)
    {
        if (header.IsNonPosted)
        {
            Upstream.Receive(TlpHeader.UnsupportedRequestFor(header, _id), []);
        }
    }
}
