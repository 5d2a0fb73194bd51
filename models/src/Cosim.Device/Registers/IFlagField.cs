namespace Cosim.Device.Registers;

/// <summary>A handle on a one-bit field; see <see cref="IValueField"/>.</summary>
public interface IFlagField
{
    /// <summary>The flag's name, as the datasheet spells it.</summary>
    string Name { get; }

    /// <summary>The flag's state.</summary>
    bool Value { get; set; }
}
