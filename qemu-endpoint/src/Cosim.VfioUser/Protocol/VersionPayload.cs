using System.Runtime.InteropServices;

namespace Cosim.VfioUser;

/// <summary>VFIO_USER_VERSION payload prefix, 4 bytes: major u16, minor u16; a NUL-terminated JSON string follows.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct VersionPayload
{
    public const int Size = 4;

    [FieldOffset(0)] public ushort Major;
    [FieldOffset(2)] public ushort Minor;
}
