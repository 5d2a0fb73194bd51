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
            // Say why: a disabled decoder or a power state explains most refusals a driver author sees.
            string why = (isIo ? "io-no-bar" : "memory-no-bar")
                + $" (command 0x{(ushort)ConfigSpace.Command:x4}, {ConfigSpace.PowerManagement?.PowerState.ToString() ?? "no PM"}, BAR{bar} 0x{ConfigSpace.ReadUInt32(0x10 + (4 * Math.Max(bar, 0))):x8})";
            Refuse(why, header);
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

    // Applies exactly the enabled bytes: runs of contiguous byte enables become one register-map write each.
    private static void WriteEnabledBytes(RegisterMap map, ulong offset, in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        int length = header.Length;
        for (int dword = 0; dword < length; dword++)
        {
            int enables = dword == 0 ? header.FirstDwByteEnables : dword == length - 1 ? header.LastDwByteEnables : ByteEnables.All;
            if (enables == ByteEnables.All && dword > 0 && dword < length - 1)
            {
                // The middle of a burst is always fully enabled: write it in one piece up to the last DW.
                int runEnd = (length - 1) * DwordBytes;
                int runStart = dword * DwordBytes;
                map.Write(offset + (ulong)runStart, payload[runStart..runEnd]);
                dword = length - 2;
                continue;
            }

            int bit = 0;
            while (bit < DwordBytes)
            {
                if ((enables & (1 << bit)) == 0)
                {
                    bit++;
                    continue;
                }

                int start = bit;
                while (bit < DwordBytes && (enables & (1 << bit)) != 0)
                {
                    bit++;
                }

                int at = (dword * DwordBytes) + start;
                map.Write(offset + (ulong)at, payload.Slice(at, bit - start));
            }
        }
    }

    private MaxPayloadSize CompletionPayloadLimit() =>
        TransferSizes.TryGetMaxPayloadSize(ConfigSpace.DeviceControl.MaxPayloadSize, out MaxPayloadSize size) ? size : MaxPayloadSize.Bytes128;

    private void Refuse(string reason, in TlpHeader header)
    {
        LogOnce(reason, header);
        if (header.IsNonPosted)
        {
            Upstream.Receive(TlpHeader.UnsupportedRequestFor(header, _id), []);
        }
    }
}
