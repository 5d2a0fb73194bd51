namespace Cosim.Device.Registers;

/// <summary>
/// A handle on a multi-bit field. The device model reads and writes the field's state through it, bypassing the
/// software access rules (a status field that is RO to software is still set by the device).
/// </summary>
public interface IValueField
{
    /// <summary>The field's name, as the datasheet spells it.</summary>
    string Name { get; }

    /// <summary>The field's value, right-aligned.</summary>
    ulong Value { get; set; }
}
