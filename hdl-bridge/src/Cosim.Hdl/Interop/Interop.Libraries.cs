internal static partial class Interop
{
    internal static class Libraries
    {
        /// <summary>libvbridge.so, the generic half of the shim (native/vb_bridge.c); resolved by <c>BridgeLibrary</c>.</summary>
        internal const string VerilatorShim = "vbridge";

        /// <summary>The C library (glibc's soname).</summary>
        internal const string Libc = "libc.so.6";
    }
}
