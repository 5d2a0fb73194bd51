using System.Buffers.Binary;
using Cosim.Tlp;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Hdl.TlpStream;

/// <summary>
/// Interrupts: the RTL asks for a vector on <c>irq_req_*</c> and drives <c>irq_intx</c>; the bridge sends what the
/// configuration space allows (PCIe Base 6.0 §6.1.4): MSI-X when enabled, else MSI, honouring Bus Master Enable,
/// masks (a masked vector becomes pending) and, for INTx, Interrupt Disable. The MSI-X table is kept here.
/// </summary>
public sealed partial class RtlFunction
{
    private const int MessageBytes = 4;
    private const uint DwordAlignment = 0x7C;

    private bool _intxLevel;
    private bool _intxSent;

    /// <summary>The RTL requested <paramref name="vector"/> (on the clock's thread, inside a step).</summary>
    private void OnInterruptRequested(int vector)
    {
        lock (_functionGate)
        {
            if (_config.MsiX is { Enabled: true } msix && _msix is not null)
            {
                if (vector >= msix.TableSize)
                {
                    ReportVector(vector, $"MSI-X vector {vector} is beyond the table's {msix.TableSize} entries");
                    return;
                }

                if (!RequireBusMaster() || !_msix.Signal(vector, out ulong address, out uint data))
                {
                    return;
                }

                SendMessage(address, data);
                return;
            }

            if (_config.Msi is { Enabled: true } msi)
            {
                SignalMsi(msi, vector);
                return;
            }

            NotSent("neither MSI nor MSI-X is enabled");
        }
    }

    private void SignalMsi(MsiState msi, int vector)
    {
        if (vector >= msi.CapableVectorCount)
        {
            ReportVector(vector, $"MSI vector {vector} is beyond the capability's {msi.CapableVectorCount}");
            return;
        }

        if (vector >= msi.EnabledVectorCount)
        {
            NotSent($"MSI vector {vector} is beyond the {msi.EnabledVectorCount} software enabled");
            return;
        }

        if (msi.IsMasked(vector))
        {
            msi.SetPending(vector);
            return;
        }

        if (RequireBusMaster())
        {
            SendMessage(msi.Address, msi.GetMessageData(vector));
        }
    }

    private void OnIntxChanged(bool level)
    {
        lock (_functionGate)
        {
            _intxLevel = level;
            UpdateIntx();
        }
    }

    /// <summary>
    /// INTx is a virtual wire (§2.2.8.1): Assert_INTx when the effective level rises, Deassert_INTx when it falls.
    /// Effective: the RTL's level unless Interrupt Disable is set or MSI/MSI-X is enabled. Interrupt Status follows
    /// the RTL's level regardless. Called under the function gate.
    /// </summary>
    private void UpdateIntx()
    {
        InterruptPin pin = Description.Identity.InterruptPin;
        if (pin == InterruptPin.None)
        {
            return;
        }

        _config.InterruptStatus = _intxLevel;
        bool messagesEnabled = (_config.Msi?.Enabled ?? false) || (_config.MsiX?.Enabled ?? false);
        bool effective = _intxLevel && !_config.InterruptDisable && !messagesEnabled;
        if (effective != _intxSent)
        {
            _intxSent = effective;
            SendToHost(TlpHeader.InterruptMessage(_id, pin, effective), []);
        }
    }

    /// <summary>Sends the MSI-X messages that became deliverable (unmasked, enabled); called under the function gate.</summary>
    private void DeliverPendingMsix()
    {
        if (_msix is null || !_config.BusMasterEnable)
        {
            return;
        }

        while (_msix.TakeDeliverable(out ulong address, out uint data))
        {
            SendMessage(address, data);
        }
    }

    /// <summary>A host access to the MSI-X table or PBA (under the function gate): answered here, never by the RTL.</summary>
    private void AccessMsixTable(in TlpHeader request, ReadOnlySpan<byte> payload, MsixTable.Region region, int start)
    {
        if (region == MsixTable.Region.Straddling)
        {
            Refuse(request, "an access straddles the MSI-X table or PBA", CompletionStatus.CompleterAbort);
            return;
        }

        int bytes = request.Length * sizeof(uint);
        switch (request.Kind)
        {
            case TlpKind.MemoryRead:
                Span<byte> data = stackalloc byte[TlpHeader.MaxPayloadBytes];
                _msix!.Read(region, start, data[..bytes]);
                int byteCount = ByteEnables.RequestedByteCount(request.Length, request.FirstDwByteEnables, request.LastDwByteEnables);
                byte lowerAddress = (byte)((request.Address & DwordAlignment) | (uint)ByteEnables.FirstEnabledByteOffset(request.FirstDwByteEnables));
                SendToHost(TlpHeader.CompletionFor(request, _id, CompletionStatus.SuccessfulCompletion, request.Length, byteCount, lowerAddress), data[..bytes]);
                break;
            case TlpKind.MemoryWrite:
                Span<bool> enabled = stackalloc bool[bytes];
                for (int i = 0; i < bytes; i++)
                {
                    int dword = i / sizeof(uint);
                    byte enables = dword == 0 ? request.FirstDwByteEnables : dword == request.Length - 1 ? request.LastDwByteEnables : (byte)0xF;
                    enabled[i] = (enables & (1 << (i % sizeof(uint)))) != 0;
                }

                _msix!.Write(region, start, payload[..bytes], enabled);
                DeliverPendingMsix();
                break;
            default:
                Refuse(request, "the MSI-X table takes memory reads and writes only", CompletionStatus.UnsupportedRequest);
                break;
        }
    }

    private void SendMessage(ulong address, uint data)
    {
        Span<byte> bytes = stackalloc byte[MessageBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, data);
        SendToHost(TlpHeader.MemoryWrite(_id, 0, address, MessageBytes), bytes);
    }

    private bool RequireBusMaster()
    {
        if (_config.BusMasterEnable)
        {
            return true;
        }

        NotSent("Bus Master Enable is clear (an MSI is a memory write)");
        return false;
    }

    private void NotSent(string reason)
    {
        bool first;
        lock (_loggedOnce)
        {
            first = _loggedOnce.Add("interrupt:" + reason);
        }

        if (first)
        {
            HdlLog.InterruptNotSent(_logger, _design.Top, reason);
        }
    }

    private void ReportVector(int vector, string message) =>
        ProtocolError?.Invoke(new RtlProtocolError
        {
            Cycle = _bridge.Cycle,
            Channel = TlpChannel.Bridge,
            Kind = RtlProtocolErrorKind.InterruptVector,
            Message = message,
            HeaderDwords = [(uint)vector],
        });
}
