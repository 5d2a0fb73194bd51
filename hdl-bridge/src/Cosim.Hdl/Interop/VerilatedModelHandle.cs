using System.Runtime.InteropServices;

namespace Cosim.Hdl.Interop;

/// <summary>
/// Owns one <c>vb_model*</c>: releasing it runs the RTL's final blocks, closes the trace and frees the model
/// (<c>vb_destroy</c>). Port pointers into the model die with it.
/// </summary>
internal sealed class VerilatedModelHandle : SafeHandle
{
    public VerilatedModelHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    internal VerilatedModelHandle(nint model)
        : base(nint.Zero, ownsHandle: true)
    {
        SetHandle(model);
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        global::Interop.VerilatorShim.vb_destroy(handle);
        return true;
    }
}
