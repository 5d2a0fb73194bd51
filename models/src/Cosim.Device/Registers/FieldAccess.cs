namespace Cosim.Device.Registers;

/// <summary>How software may access a register field (the access types of PCIe Base 6.0 §7.4, Table 7-2).</summary>
public enum FieldAccess
{
    /// <summary>RO: reads return the field's value; writes are ignored.</summary>
    ReadOnly,

    /// <summary>RW: reads return and writes store.</summary>
    ReadWrite,

    /// <summary>RW1C: writing 1 clears the bit, writing 0 has no effect (status bits).</summary>
    WriteOneToClear,

    /// <summary>RW1S: writing 1 sets the bit, writing 0 has no effect.</summary>
    WriteOneToSet,

    /// <summary>RC: read-only, and a read clears the field.</summary>
    ReadToClear,

    /// <summary>WO: writes store (and reach the callbacks); reads return 0.</summary>
    WriteOnly,
}
