namespace Cosim.Device.Registers;

/// <summary>
/// Lets a model declare registers from its <c>enum Registers : long</c>, so that the enum at the bottom of the
/// class is the register map and the names in logs are the enum's names:
/// <c>Registers.Status.Define(_bar0, reset: 0).WithFlag(0, out _busy, FieldAccess.ReadOnly, "BUSY")</c>.
/// </summary>
public static class RegisterDefinitions
{
    /// <summary>Declares the register named by an enum member whose value is its byte offset.</summary>
    public static Register Define<TRegisters>(this TRegisters register, RegisterMap map, ulong reset = 0, int widthBytes = 4)
        where TRegisters : struct, Enum =>
        map.Define(Convert.ToInt64(register, System.Globalization.CultureInfo.InvariantCulture), register.ToString(), widthBytes, reset);

    /// <summary>Declares a memory area named by an enum member whose value is its byte offset.</summary>
    public static MemoryArea DefineMemory<TRegisters>(this TRegisters area, RegisterMap map, int size)
        where TRegisters : struct, Enum =>
        map.DefineMemory(Convert.ToInt64(area, System.Globalization.CultureInfo.InvariantCulture), size, area.ToString());
}
