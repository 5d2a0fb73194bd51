namespace Cosim.Tlp.Config.Capabilities;

/// <summary>
/// A capability structure a function declares: in the PCI-compatible area (40h-FFh, linked from the Capabilities
/// Pointer at 34h; PCIe Base 6.0 §7.5.1.1.11 and §7.5.2) or in PCI Express extended space (100h-FFFh, starting at
/// 100h; §7.6.3). <see cref="ConfigSpace"/> places capabilities in the order given, DW-aligned, and links the Next
/// pointers; the capability declares its registers and returns the typed view the function uses at run time.
/// </summary>
public abstract class Capability
{
    private protected Capability()
    {
    }

    /// <summary>The spec name, used in messages.</summary>
    public abstract string Name { get; }

    /// <summary>True for PCI Express extended capabilities (100h and up).</summary>
    internal abstract bool IsExtended { get; }

    /// <summary>Capability ID (8 bits) or Extended Capability ID (16 bits).</summary>
    internal abstract int Id { get; }

    /// <summary>Bytes the structure occupies, header included, a multiple of 4.</summary>
    internal abstract int Length { get; }

    /// <summary>Extended capabilities: Capability Version[3:0].</summary>
    internal virtual int Version => 0;

    /// <summary>
    /// Declares the registers after the header (the ID and Next bytes or DW are declared by the caller) at
    /// <paramref name="offset"/>, and returns the run-time view.
    /// </summary>
    internal abstract CapabilityState Attach(ConfigRegisterFile registers, int offset);

    /// <summary>Checks what depends on the rest of the function (BARs, other capabilities); throws naming the rule.</summary>
    internal virtual void Validate(ConfigSpace space)
    {
    }
}
