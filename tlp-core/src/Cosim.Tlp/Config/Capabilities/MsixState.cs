namespace Cosim.Tlp.Config.Capabilities;

/// <summary>Run-time view of the MSI-X Capability.</summary>
public sealed class MsixState : CapabilityState
{
    private readonly int _control;

    internal MsixState(ConfigRegisterFile registers, int offset, MsixCapability capability)
        : base(registers, offset)
    {
        _control = offset + (int)MsixCapability.Register.MessageControl;
        TableSize = capability.TableSize;
        TableBar = capability.TableBar;
        TableOffset = capability.TableOffset;
        PbaBar = capability.PbaBar;
        PbaOffset = capability.PbaOffset;
        PbaLength = capability.PbaLength;
    }

    /// <summary>MSI-X Enable.</summary>
    public bool Enabled => (Registers.ReadUInt16(_control) & MsixCapability.MsixEnableBit) != 0;

    /// <summary>Function Mask: every vector is masked regardless of its Vector Control Mask Bit.</summary>
    public bool FunctionMask => (Registers.ReadUInt16(_control) & MsixCapability.FunctionMaskBit) != 0;

    /// <summary>Table entries (Table Size + 1).</summary>
    public int TableSize { get; }

    /// <summary>BAR holding the table.</summary>
    public int TableBar { get; }

    /// <summary>Offset of the table in its BAR.</summary>
    public uint TableOffset { get; }

    /// <summary>Bytes of the table.</summary>
    public uint TableLength => (uint)TableSize * MsixCapability.TableEntrySize;

    /// <summary>BAR holding the Pending Bit Array.</summary>
    public int PbaBar { get; }

    /// <summary>Offset of the PBA in its BAR.</summary>
    public uint PbaOffset { get; }

    /// <summary>Bytes of the PBA.</summary>
    public uint PbaLength { get; }
}
