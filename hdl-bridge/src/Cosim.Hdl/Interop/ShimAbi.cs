namespace Cosim.Hdl.Interop;

/// <summary>
/// Constants of native/vb_shim.h. <see cref="VerilatorStatus"/>, <see cref="PortDirection"/> and
/// <see cref="TraceFormat"/> carry the codes; ShimAbiTests parses the header and compares every one.
/// </summary>
internal static class ShimAbi
{
    /// <summary><c>VB_ABI_VERSION</c>.</summary>
    internal const int Version = 2;
}
