using System.Buffers.Binary;
using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Checking;

public sealed partial class TlpChecker
{
    private const ushort MsiDataMask = 0xFFFF;

    private void CheckRequest(LinkDirection direction, in TlpHeader header, ReadOnlySpan<byte> payload, ref Findings found)
    {
        if (direction == LinkDirection.Upstream)
        {
            CheckFunctionRequest(header, payload, ref found);
        }
        else if (header.Kind == TlpKind.ConfigWrite0 && _config.ApplyWrite(header, payload))
        {
            // §6.6.2: on FLR the function drops its outstanding requests; their completions may never come.
            DropAll(_functionRequests);
        }

        if (header.IsNonPosted)
        {
            Track(direction, header, ref found);
        }
    }

    private void CheckFunctionRequest(in TlpHeader header, ReadOnlySpan<byte> payload, ref Findings found)
    {
        if ((header.IsMemoryRequest || header.IsAtomic || header.IsIoRequest) && !_config.BusMasterEnable)
        {
            Add(ref found, CheckerRule.RequestWithoutBusMasterEnable, LinkDirection.Upstream, header, $"{header.Kind} to 0x{header.Address:x} while Bus Master Enable is clear");
        }

        if (header.Kind is TlpKind.MemoryRead or TlpKind.MemoryReadLocked)
        {
            int limit = (_config.TryGetTransferSizes(out _, out MaxReadRequestSize size) ? size : Options.MaxReadRequestSize).ToBytes();
            int requested = header.Length * DwordBytes;
            if (requested > limit)
            {
                Add(ref found, CheckerRule.ReadRequestExceedsMaxReadRequestSize, LinkDirection.Upstream, header, $"{requested}-byte read request exceeds Max_Read_Request_Size {limit}");
            }
        }
        else if (header.Kind == TlpKind.MemoryWrite)
        {
            CheckInterruptWrite(header, payload, ref found);
        }
        else if (header.Kind == TlpKind.Message && header.MessageCode is >= MessageCode.AssertIntA and <= MessageCode.AssertIntD)
        {
            CheckIntxAssert(header, ref found);
        }
    }

    // A memory write to the programmed MSI address or into the interrupt window is an interrupt message (§6.1.4).
    private void CheckInterruptWrite(in TlpHeader header, ReadOnlySpan<byte> payload, ref Findings found)
    {
        ConfigShadow.Lookup msi = _config.GetMsi(out bool msiEnabled, out ulong msiAddress, out ushort msiData, out int vectors);
        bool toMsiAddress = msi == ConfigShadow.Lookup.Present && msiAddress != 0 && header.Address == (msiAddress & ~3UL);
        ulong windowBase = Options.InterruptAddressBase;
        bool toWindow = header.Address >= windowBase && header.Address - windowBase < Options.InterruptAddressSize;
        if (!toMsiAddress && !toWindow)
        {
            return;
        }

        if (msiEnabled)
        {
            if (toMsiAddress)
            {
                CheckMsiVector(header, payload, msiData, vectors, ref found);
            }

            return;
        }

        ConfigShadow.Lookup msix = _config.GetMsix(out bool msixEnabled, out bool functionMask);
        if (msixEnabled)
        {
            if (functionMask)
            {
                Add(ref found, CheckerRule.MsixWhileFunctionMasked, LinkDirection.Upstream, header, "MSI-X message while the Function Mask is set (the vector must go pending)");
            }

            return;
        }

        // Judge only what the link showed: both capabilities known (present or absent) and neither enabled.
        if (msi != ConfigShadow.Lookup.Unknown && msix != ConfigShadow.Lookup.Unknown)
        {
            Add(ref found, CheckerRule.MsiWhileDisabled, LinkDirection.Upstream, header, $"interrupt write to 0x{header.Address:x} while MSI and MSI-X are disabled");
        }
    }

    private void CheckMsiVector(in TlpHeader header, ReadOnlySpan<byte> payload, ushort baseData, int vectors, ref Findings found)
    {
        if (header.Length != 1 || header.FirstDwByteEnables != ByteEnables.All)
        {
            Add(ref found, CheckerRule.MsiVectorNotEnabled, LinkDirection.Upstream, header, "an MSI message is one DW write with all bytes enabled");
            return;
        }

        uint data = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        uint vectorBits = (uint)vectors - 1;
        bool sameBase = (data & ~vectorBits) == (baseData & ~vectorBits & MsiDataMask);
        if (!sameBase)
        {
            Add(ref found, CheckerRule.MsiVectorNotEnabled, LinkDirection.Upstream, header, $"MSI data 0x{data:x} is not Message Data 0x{baseData:x4} with one of the {vectors} enabled vector numbers in its low bits");
        }
    }

    private void CheckIntxAssert(in TlpHeader header, ref Findings found)
    {
        if (_config.InterruptDisable)
        {
            Add(ref found, CheckerRule.IntxWhileDisabled, LinkDirection.Upstream, header, "Assert_INTx while Interrupt Disable is set");
            return;
        }

        _config.GetMsi(out bool msiEnabled, out _, out _, out _);
        _config.GetMsix(out bool msixEnabled, out _);
        if (msiEnabled || msixEnabled)
        {
            Add(ref found, CheckerRule.IntxWhileDisabled, LinkDirection.Upstream, header, $"Assert_INTx while {(msiEnabled ? "MSI" : "MSI-X")} is enabled");
        }
    }

    private void Track(LinkDirection direction, in TlpHeader request, ref Findings found)
    {
        CompletionTracker tracker = direction == LinkDirection.Downstream ? _hostRequests : _functionRequests;
        Memory<byte> destination = direction == LinkDirection.Downstream && request.Kind == TlpKind.ConfigRead0
            ? _config.ReadTarget(request)
            : _discard;
        try
        {
            tracker.Track(request, destination, _time.GetTimestamp());
        }
        catch (InvalidOperationException)
        {
            Add(ref found, CheckerRule.DuplicateTag, direction, request, $"Tag 0x{request.Tag:x} of {request.RequesterId} is already outstanding");
        }
        catch (ArgumentException)
        {
            // Malformed byte enables: CheckFormation has reported the TLP; there is nothing to track.
        }
    }
}
