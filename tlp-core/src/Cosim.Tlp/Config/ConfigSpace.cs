using System.Buffers.Binary;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Tlp.Config;

/// <summary>
/// The configuration space of one type-0 (endpoint) function: the header of PCIe Base 6.0 §7.5.1.1/§7.5.1.2 (PCI Local
/// Bus 3.0 §6.1), the capability list from 40h and, for PCI Express functions, extended capabilities from 100h.
/// A function declares its identity, BARs, Expansion ROM and capabilities once; the register engine then gives every
/// byte its RO / RW / RW1C behaviour, answers CfgRd0/CfgWr0 TLPs, and offers typed views of what software programmed.
/// </summary>
/// <remarks>
/// Accesses are byte-granular and any width: what the spec says of a register holds for each of its bytes.
/// Unimplemented space reads 0 and ignores writes. An instance is not thread-safe: one TLP stream (or caller) at a time
/// writes it; concurrent readers of the typed views see each DW either before or after a write.
/// </remarks>
public sealed partial class ConfigSpace
{
    /// <summary>Bytes of PCI Express configuration space.</summary>
    public const int Size = 4096;

    /// <summary>Bytes of the PCI-compatible configuration space (header and capability list).</summary>
    public const int CompatibleSize = 256;

    /// <summary>First byte after the type-0 header: where capabilities start.</summary>
    public const int CapabilitiesStart = 0x40;

    /// <summary>Where PCI Express extended capabilities start (§7.6.3).</summary>
    public const int ExtendedCapabilitiesStart = 0x100;

    private readonly ConfigRegisterFile _registers = new();
    private readonly BarDefinition?[] _barSlots = new BarDefinition?[BarDefinition.Count];
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<CapabilityState> _capabilityStates;

    /// <summary>Builds the configuration space; a declaration that breaks a spec rule throws here, naming the field.</summary>
    /// <param name="identity">Vendor, device, class and subsystem IDs, Interrupt Pin.</param>
    /// <param name="bars">The BARs, each with its slot; 64-bit BARs take the next slot too.</param>
    /// <param name="capabilities">Capabilities in list order; extended ones (AER) go to 100h in their own order.</param>
    /// <param name="expansionRom">The Expansion ROM, or null for none.</param>
    public ConfigSpace(
        FunctionIdentity identity,
        IEnumerable<BarDefinition>? bars = null,
        IEnumerable<Capability>? capabilities = null,
        ExpansionRomDefinition? expansionRom = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        identity.Validate();
        Identity = identity;
        ExpansionRom = expansionRom;
        PlaceBars(bars ?? []);

        List<Capability> declared = [.. capabilities ?? []];
        ValidateCapabilitySet(declared);
        DefineHeader(hasCapabilities: declared.Exists(c => !c.IsExtended));
        _capabilityStates = Array.AsReadOnly(PlaceCapabilities(declared));
        foreach (Capability capability in declared)
        {
            capability.Validate(this);
        }

        _registers.ResetToPowerOn();
    }

    /// <summary>
    /// Raised after a configuration write (by TLP or <see cref="Write"/>) changed a register a function reacts to, once
    /// per kind of change, in <see cref="ConfigChange"/> order. Handlers run on the writer's thread, before the
    /// completion of a CfgWr0 is sent, and must not throw (the completion would be lost).
    /// </summary>
    public event Action<ConfigChange>? Changed;

    /// <summary>The identity the function declared.</summary>
    public FunctionIdentity Identity { get; }

    /// <summary>The Expansion ROM, or null.</summary>
    public ExpansionRomDefinition? ExpansionRom { get; }

    /// <summary>The placed capabilities, in list order (standard first, then extended).</summary>
    public IReadOnlyList<CapabilityState> Capabilities => _capabilityStates;

    /// <summary>The Power Management capability, or null.</summary>
    public PowerManagementState? PowerManagement { get; private set; }

    /// <summary>The MSI capability, or null.</summary>
    public MsiState? Msi { get; private set; }

    /// <summary>The MSI-X capability, or null.</summary>
    public MsixState? MsiX { get; private set; }

    /// <summary>The PCI Express capability, or null for a conventional PCI function.</summary>
    public PciExpressState? PciExpress { get; private set; }

    /// <summary>The AER extended capability, or null.</summary>
    public AerState? Aer { get; private set; }

    /// <summary>
    /// Device Control of the PCI Express capability; a conventional function (no capability) reads as 0, i.e. 128-byte
    /// Max_Payload_Size and Max_Read_Request_Size.
    /// </summary>
    public DeviceControlRegister DeviceControl => PciExpress?.DeviceControl ?? default;

    /// <summary>Copies configuration bytes at <paramref name="offset"/> into <paramref name="destination"/>.</summary>
    public void Read(int offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length);
        _registers.Read(offset, destination);
    }

    /// <summary>
    /// A software write of <paramref name="data"/> at <paramref name="offset"/>: each byte obeys its register's
    /// RO / RW / RW1C bits; then FLR and internal resets take effect and <see cref="Changed"/> fires.
    /// </summary>
    public void Write(int offset, ReadOnlySpan<byte> data)
    {
        CheckRange(offset, data.Length);
        CompleteWrite(_registers.Write(offset, data));
    }

    /// <summary>Reads the little-endian DW at <paramref name="offset"/>.</summary>
    public uint ReadUInt32(int offset)
    {
        CheckRange(offset, sizeof(uint));
        return _registers.ReadUInt32(offset);
    }

    /// <summary>Reads the little-endian word at <paramref name="offset"/>.</summary>
    public ushort ReadUInt16(int offset)
    {
        CheckRange(offset, sizeof(ushort));
        return _registers.ReadUInt16(offset);
    }

    /// <summary>Reads the byte at <paramref name="offset"/>.</summary>
    public byte ReadByte(int offset)
    {
        CheckRange(offset, 1);
        return _registers.ReadByte(offset);
    }

    /// <summary>Software-writes a little-endian DW at <paramref name="offset"/>.</summary>
    public void WriteUInt32(int offset, uint value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Write(offset, bytes);
    }

    /// <summary>Software-writes a little-endian word at <paramref name="offset"/>.</summary>
    public void WriteUInt16(int offset, ushort value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ushort)];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        Write(offset, bytes);
    }

    /// <summary>Software-writes a byte at <paramref name="offset"/>.</summary>
    public void WriteByte(int offset, byte value) => Write(offset, [value]);

    /// <summary>Conventional Reset: every register, sticky ones included, back to its power-on value. No event fires.</summary>
    public void Reset() => _registers.ResetToPowerOn();

    private static void CheckRange(int offset, int length)
    {
        if (offset < 0 || length < 0 || offset > Size - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Configuration access of {length} bytes at {offset} is outside the 4 KiB space.");
        }
    }

    // After the masks: an internal reset (FLR, D3hot->D0 without No_Soft_Reset) takes effect, then the events fire.
    private void CompleteWrite(int changes)
    {
        if (_registers.TakeInternalResetRequest())
        {
            _registers.ResetKeepingStickyBits();
        }

        Action<ConfigChange>? changed = Changed;
        for (int bit = 1; changes != 0 && changed is not null; bit++)
        {
            if ((changes & (1 << bit)) != 0)
            {
                changes &= ~(1 << bit);
                changed((ConfigChange)bit);
            }
        }
    }
}
