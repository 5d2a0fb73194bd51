using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser;

/// <summary>DEVICE_SET_IRQS, validated as libvfio-user does, and the MSI-X table programming it implies.</summary>
internal sealed partial class VfioUserConnection
{
    private Errno HandleSetIrqs(ReadOnlySpan<byte> body)
    {
        if (body.Length < IrqSet.Size)
        {
            return Reject("size", (ulong)body.Length);
        }

        IrqSet request = MemoryMarshal.Read<IrqSet>(body);
        if (request.ArgumentSize < IrqSet.Size || request.ArgumentSize > body.Length)
        {
            return Reject("argsz", request.ArgumentSize);
        }

        if (request.Index >= IrqIndex.Count)
        {
            return Reject("index", (ulong)request.Index);
        }

        IrqSetFlags dataType = request.Flags & IrqSetFlags.DataTypeMask;
        IrqSetFlags action = request.Flags & IrqSetFlags.ActionTypeMask;
        if (BitOperations.PopCount((uint)dataType) != 1 || BitOperations.PopCount((uint)action) != 1
            || (request.Flags & ~(IrqSetFlags.DataTypeMask | IrqSetFlags.ActionTypeMask)) != 0)
        {
            return Reject("flags", (ulong)request.Flags);
        }

        if (_fdCount > 0 && (dataType != IrqSetFlags.DataEventFd || _fdCount != request.Count))
        {
            return Reject("fd count", (ulong)_fdCount);
        }

        _logger.IrqsSet(_request.MessageId, request.Index, request.Flags, request.Start, request.Count, _fdCount);
        if (request.Count == 0)
        {
            // NONE|TRIGGER with count 0 turns the whole index off; no other form may have count 0.
            if (dataType != IrqSetFlags.DataNone || action != IrqSetFlags.ActionTrigger || request.Start != 0)
            {
                return Reject("count", request.Count);
            }

            _interrupts.DisableIndex(request.Index);
            return Errno.None;
        }

        if ((ulong)request.Start + request.Count > (ulong)_interrupts.Count(request.Index))
        {
            return Reject("start+count", (ulong)request.Start + request.Count);
        }

        if (request.Index is IrqIndex.Error or IrqIndex.Request && action != IrqSetFlags.ActionTrigger)
        {
            return Reject("flags", (ulong)request.Flags);
        }

        return dataType switch
        {
            IrqSetFlags.DataEventFd => SetIrqEventFds(request, action),
            IrqSetFlags.DataNone => ApplyIrqAction(request.Index, action, (int)request.Start, (int)request.Count, []),
            _ => request.ArgumentSize < IrqSet.Size + request.Count
                ? Reject("argsz", request.ArgumentSize)
                : ApplyIrqAction(request.Index, action, (int)request.Start, (int)request.Count, body.Slice(IrqSet.Size, (int)request.Count)),
        };
    }

    private Errno SetIrqEventFds(in IrqSet request, IrqSetFlags action)
    {
        switch (action)
        {
            case IrqSetFlags.ActionTrigger:
                _interrupts.AssignTriggers(request.Index, (int)request.Start, (int)request.Count, ReceivedFds);
                TakeFds();
                if (request.Index == IrqIndex.Msix)
                {
                    ProgramMsixTable(request.Start, request.Count);
                }

                return Errno.None;
            case IrqSetFlags.ActionUnmask when request.Index == IrqIndex.Intx:
                // KVM's resample eventfd: signalled at the guest's EOI, it stands for NONE|UNMASK.
                _interrupts.SetIntxResample(_fdCount == 1 ? _fds[0] : -1);
                TakeFds();
                return Errno.None;
            default:
                return Reject("flags", (ulong)request.Flags);
        }
    }

    /// <summary>DATA_NONE (all vectors) or DATA_BOOL (vectors whose byte is non-zero): trigger, mask or unmask.</summary>
    private Errno ApplyIrqAction(IrqIndex index, IrqSetFlags action, int start, int count, ReadOnlySpan<byte> selected)
    {
        for (int i = 0; i < count; i++)
        {
            if (!selected.IsEmpty && selected[i] == 0)
            {
                continue;
            }

            switch (action)
            {
                case IrqSetFlags.ActionTrigger:
                    _interrupts.Fire(index, start + i);
                    break;
                case IrqSetFlags.ActionMask when index == IrqIndex.Intx:
                    _interrupts.MaskIntx();
                    break;
                case IrqSetFlags.ActionUnmask when index == IrqIndex.Intx:
                    _interrupts.UnmaskIntx();
                    break;
                default:
                    // MSI and MSI-X masking is emulated by QEMU; nothing reaches the function.
                    break;
            }
        }

        return Errno.None;
    }

    /// <summary>
    /// QEMU shadows the MSI-X table, so guest writes to it never reach the server. The endpoint programs the
    /// function's entries itself, with MemWr TLPs: Message Address 0xFEE0_0000, Data = entry index, unmasked; an
    /// MSI-X write from the function then names its vector in the data.
    /// </summary>
    private void ProgramMsixTable(uint start, uint count)
    {
        BarState bar = _layout.Bars[_layout.MsixTableBar];
        if (bar.Kind is not (BarKind.Memory32 or BarKind.Memory64))
        {
            return;
        }

        ulong table = bar.Address + _layout.MsixTableOffset;
        Span<byte> entry = stackalloc byte[ConfigBits.MsixEntrySize];
        for (uint vector = start; vector < start + count; vector++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)UpstreamPort.MsiWindowBase);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], vector);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], 0);
            _requester.MemoryWrite(table + (vector * ConfigBits.MsixEntrySize), entry);
        }

        _logger.MsixTableProgrammed(start, start + count - 1, table);
    }
}
