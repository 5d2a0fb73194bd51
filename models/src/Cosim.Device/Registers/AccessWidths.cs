namespace Cosim.Device.Registers;

/// <summary>
/// The access widths a register accepts (see <see cref="Register.WithAccessWidths"/>). Each value is its width in
/// bytes, so a set is the bitwise OR of the widths allowed.
/// </summary>
[Flags]
public enum AccessWidths
{
    /// <summary>No restriction: any width, at any byte of the register (the default).</summary>
    Any = 0,

    /// <summary>1-byte accesses.</summary>
    Byte = 1,

    /// <summary>2-byte accesses.</summary>
    Word = 2,

    /// <summary>4-byte accesses.</summary>
    Dword = 4,

    /// <summary>8-byte accesses.</summary>
    Qword = 8,
}
