using System.Buffers.Binary;
using Cosim.Tlp;

namespace Cosim.Device.Interrupts;

/// <summary>
/// MSI (PCIe Base 6.0 §6.1.4): vector k is a DW MemWr to the Message Address with the Message Data's low bits
/// replaced by k. Nothing is sent while MSI is disabled or k is beyond the enabled count; a masked vector becomes
/// pending (per-vector masking).
/// </summary>
public sealed class MsiInterrupts
{
    private readonly EndpointFunction _function;

    internal MsiInterrupts(EndpointFunction function) => _function = function;

    /// <summary>Signals vector <paramref name="vector"/> (0-based); returns true when a message was sent.</summary>
    public bool Signal(int vector)
    {
        lock (_function.Gate)
        {
            var msi = _function.ConfigSpace.Msi;
            if (msi is null || !msi.Enabled)
            {
                DeviceLog.InterruptNotSent(_function.LoggerForEngines, _function.GetType().Name, "MSI is not enabled");
                return false;
            }

            if (vector < 0 || vector >= msi.EnabledVectorCount)
            {
                DeviceLog.InterruptNotSent(_function.LoggerForEngines, _function.GetType().Name, $"MSI vector {vector} is beyond the {msi.EnabledVectorCount} enabled");
                return false;
            }

            if (msi.IsMasked(vector))
            {
                msi.SetPending(vector);
                return false;
            }

            Span<byte> data = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(data, msi.GetMessageData(vector));
            _function.Upstream.Receive(TlpHeader.MemoryWrite(_function.Id, 0, msi.Address, 4), data);
            return true;
        }
    }
}
