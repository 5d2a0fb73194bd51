using System.Buffers.Binary;
using Cosim.Device.Registers;
using Cosim.Tlp;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Device.Interrupts;

/// <summary>
/// MSI-X (PCIe Base 6.0 §6.1.4, §7.7.2): the table (16 bytes per entry: Message Address, Upper Address, Data,
/// Vector Control) and the Pending Bit Array live in BAR memory declared by the capability. Signalling a masked
/// vector, or any vector while the Function Mask is set, sets its pending bit; the message goes out when the mask
/// clears.
/// </summary>
public sealed class MsixInterrupts
{
    private const int EntryBytes = 16;
    private const int VectorControlMaskBit = 1;

    private readonly EndpointFunction _function;
    private MemoryArea? _table;
    private MemoryArea? _pba;

    internal MsixInterrupts(EndpointFunction function) => _function = function;

    /// <summary>Signals table entry <paramref name="vector"/>; returns true when a message was sent now.</summary>
    public bool Signal(int vector)
    {
        lock (_function.Gate)
        {
            var msix = _function.ConfigSpace.MsiX;
            if (msix is null || _table is null || !msix.Enabled)
            {
                DeviceLog.InterruptNotSent(_function.LoggerForEngines, _function.GetType().Name, "MSI-X is not enabled");
                return false;
            }

            if (vector < 0 || vector >= msix.TableSize)
            {
                DeviceLog.InterruptNotSent(_function.LoggerForEngines, _function.GetType().Name, $"MSI-X vector {vector} is beyond the table's {msix.TableSize} entries");
                return false;
            }

            if (msix.FunctionMask || IsMasked(vector))
            {
                SetPending(vector, true);
                return false;
            }

            Send(vector);
            return true;
        }
    }

    internal void DeclareTable(MsixCapability capability, RegisterMap tableBar, RegisterMap pbaBar)
    {
        _table = tableBar.DefineMemory(capability.TableOffset, capability.TableSize * EntryBytes, "MSI-X Table")
            .WithWriteCallback((_, _) => DeliverPending());
        int pbaBytes = ((capability.TableSize + 63) / 64) * 8;
        _pba = pbaBar.DefineMemory(capability.PbaOffset, pbaBytes, "MSI-X PBA", readOnly: true);
        Reset();
    }

    internal void Reset()
    {
        if (_table is null)
        {
            return;
        }

        _table.Reset();
        _pba?.Reset();

        // §7.7.2: every entry's Mask bit is set after reset.
        for (int offset = 0; offset < _table.Size; offset += EntryBytes)
        {
            _table.Bytes[offset + 12] = VectorControlMaskBit;
        }
    }

    // Called with the gate held (table write, MSI-X control change).
    internal void DeliverPending()
    {
        var msix = _function.ConfigSpace.MsiX;
        if (msix is null || _table is null || _pba is null || !msix.Enabled || msix.FunctionMask)
        {
            return;
        }

        for (int vector = 0; vector < msix.TableSize; vector++)
        {
            if (IsPending(vector) && !IsMasked(vector))
            {
                SetPending(vector, false);
                Send(vector);
            }
        }
    }

    private bool IsMasked(int vector) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(_table!.Bytes[((vector * EntryBytes) + 12)..]) & VectorControlMaskBit) != 0;

    private bool IsPending(int vector) => (_pba!.Bytes[vector / 8] & (1 << (vector % 8))) != 0;

    private void SetPending(int vector, bool pending)
    {
        ref byte bits = ref _pba!.Bytes[vector / 8];
        bits = pending ? (byte)(bits | (1 << (vector % 8))) : (byte)(bits & ~(1 << (vector % 8)));
    }

    private void Send(int vector)
    {
        ReadOnlySpan<byte> entry = _table!.Bytes.Slice(vector * EntryBytes, EntryBytes);
        ulong address = BinaryPrimitives.ReadUInt32LittleEndian(entry) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]) << 32);
        _function.Upstream.Receive(TlpHeader.MemoryWrite(_function.Id, 0, address, 4), entry.Slice(8, 4));
    }
}
