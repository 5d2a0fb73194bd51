namespace Cosim.Device.Registers;

/// <summary>What a write narrower than its register does to the bytes it does not carry.</summary>
public enum NarrowWrite
{
    /// <summary>They keep their value (hardware byte-enable semantics; the default).</summary>
    Merge,

    /// <summary>
    /// The write replaces the whole register, zero-extended, as a QEMU device whose handler stores a
    /// <c>uint64_t</c> value does: a 4-byte write at a 64-bit register's offset clears its upper half.
    /// </summary>
    ZeroExtend,
}
